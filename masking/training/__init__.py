"""Training the learned parts of the recognisers from public labelled data (see ``README.md``)."""
