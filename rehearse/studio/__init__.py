"""The studio: rehearse in the browser. A local web app over the same library the commands
use (record, analyse, history, progress), locked to the machine and to the page it gave out."""

from rehearse._exports import lazy_exports

_NAMES = {
    "create_app": "app",
    "self_contained_html": "share",
    "write_html": "share",
}
__all__ = sorted(_NAMES)
__getattr__ = lazy_exports(__name__, _NAMES)
