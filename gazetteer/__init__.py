"""The curated gazetteer files, installed as the data package ``geoinc.gazetteer_data`` (see README.md here)."""
