"""Audio in: from the microphone (the only code that touches the sound card) or from any file.

Takes a device name or a file path; gives 16-kHz mono float32 samples, a crash-safe WAV of
every recording, the level meter, and the transcript built while the user speaks.
"""

from rehearse._exports import lazy_exports

_NAMES = {
    "load_audio": "audio",
    "Recorder": "recorder",
    "RecordingResult": "recorder",
    "LiveTranscriber": "live",
    "list_input_devices": "sound_card",
    "find_device": "sound_card",
}
__all__ = sorted(_NAMES)
__getattr__ = lazy_exports(__name__, _NAMES)
