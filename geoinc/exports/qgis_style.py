"""The QGIS layer style stored in a GeoPackage (``layer_styles``): points categorized by a field
(``actor1``), one category per group, coloured with ``geoinc.actors.color_for`` like the HTML map."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from geoinc.actors import color_for

POINT_SIZE_MM = "3.2"
OUTLINE = "255,255,255,255"


def _rgba(hex_colour: str) -> str:
    value = hex_colour.lstrip("#")
    return ",".join(str(int(value[i:i + 2], 16)) for i in (0, 2, 4)) + ",255"


def _marker(parent: ET.Element, name: str, colour: str) -> None:
    symbol = ET.SubElement(parent, "symbol", name=name, alpha="1", type="marker", clip_to_extent="1",
                           force_rhr="0")
    layer = ET.SubElement(symbol, "layer", {"class": "SimpleMarker", "enabled": "1", "pass": "0", "locked": "0"})
    props = {
        "name": "circle", "color": _rgba(colour), "outline_color": OUTLINE, "outline_style": "solid",
        "outline_width": "0.3", "outline_width_unit": "MM", "size": POINT_SIZE_MM, "size_unit": "MM",
        "scale_method": "diameter", "angle": "0", "offset": "0,0", "offset_unit": "MM", "joinstyle": "bevel",
        "horizontal_anchor_point": "1", "vertical_anchor_point": "1",
    }
    options = ET.SubElement(layer, "Option", type="Map")
    for key, value in props.items():
        ET.SubElement(options, "Option", value=value, name=key, type="QString")
        ET.SubElement(layer, "prop", k=key, v=value)


def categorized_qml(values: Iterable[str], field: str = "actor1") -> str:
    """A QML document: one circle marker per distinct value, colour by ``color_for``, labels off."""
    groups = sorted({v for v in values if v})
    root = ET.Element("qgis", version="3.22.0", styleCategories="AllStyleCategories", labelsEnabled="0",
                      hasScaleBasedVisibilityFlag="0", minScale="100000000", maxScale="0")
    renderer = ET.SubElement(root, "renderer-v2", type="categorizedSymbol", attr=field, symbollevels="0",
                             forceraster="0", enableorderby="0", referencescale="-1")
    categories = ET.SubElement(renderer, "categories")
    symbols = ET.SubElement(renderer, "symbols")
    for n, group in enumerate(groups):
        ET.SubElement(categories, "category", render="true", value=group, symbol=str(n), label=group)
        _marker(symbols, str(n), color_for(group))
    source = ET.SubElement(renderer, "source-symbol")
    _marker(source, "0", "#9e9e9e")
    ET.SubElement(root, "blendMode").text = "0"
    ET.SubElement(root, "featureBlendMode").text = "0"
    ET.SubElement(root, "layerGeometryType").text = "0"
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n" + ET.tostring(root, encoding="unicode")
