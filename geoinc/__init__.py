"""geoinc: news articles in, geocoded incidents, self-contained maps and QGIS-ready files out."""

from geoinc.model import Article, Incident, SourceRef

__all__ = ["Article", "Incident", "SourceRef"]
__version__ = "0.1.0"
