"""脱敏 De-identification of personal data before any release (Art. 16, 17, 30, 32, 33).

Recognisers find Chinese personal data offline; policies (one YAML per release class) say what
happens to each kind; releases are written only after a privacy gate re-scans their output.
"""
