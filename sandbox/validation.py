"""marshmallow's nested error messages as one flat list, the shape every fake and the BDC file
report problems in: (path of the field, message), in marshmallow's order."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def flatten_messages(messages: Any, path: str = "") -> list[tuple[str, str]]:
    """`{"vehicule": {"vin": ["…"]}}` -> `[("vehicule.vin", "…")]`.

    List items are written `[i]` (`offre.produits_additionnels[0].prix_ttc`) and a schema-level
    message (`_schema`) belongs to the object that holds it.
    """
    if isinstance(messages, Mapping):
        result: list[tuple[str, str]] = []
        for key, value in messages.items():
            if isinstance(key, int):
                child = f"{path}[{key}]"
            elif key == "_schema":
                child = path
            else:
                child = f"{path}.{key}" if path else str(key)
            result.extend(flatten_messages(value, child))
        return result
    if isinstance(messages, list | tuple):
        return [pair for item in messages for pair in flatten_messages(item, path)]
    return [(path, str(messages))]
