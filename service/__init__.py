"""The one HTTP app (`dw serve`): problem-data API, the officers' pages, offline API docs."""
