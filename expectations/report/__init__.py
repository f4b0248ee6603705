"""The quality officers' report: one self-contained HTML file, Chinese with English beside (Art. 29)."""
