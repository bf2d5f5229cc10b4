"""Audio in: from the microphone (the only code that touches the sound card) or from any file.

Takes a device name or a file path; gives 16-kHz mono float32 samples, a crash-safe WAV of
every recording, the level meter, and the transcript built while the user speaks.
"""
