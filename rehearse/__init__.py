"""rehearse: a local, private rehearsal coach for job interviews."""

__version__ = "0.1.0"
