"""Errores de YAML: el mismo código y la misma línea con libyaml y con PyYAML en Python puro, en
español, en cualquier versión (PyYAML 6.0.4 empezó a cortar el anidamiento por su cuenta, en inglés)."""

from __future__ import annotations

import re

import pytest

from informe import yaml_seguro
from informe.yaml_seguro import componer

_INGLES = re.compile(r"\b(found|expected|mapping|while|could not|scanning|parsing|nesting|exceeded|token|"
                     r"stream|allowed|character|document|indicator)\b", re.I)


class _CargadorPython(yaml_seguro._ParserPython):
    resolve = yaml_seguro._Cargador.resolve
    descend_resolver = yaml_seguro._Cargador.descend_resolver
    ascend_resolver = yaml_seguro._Cargador.ascend_resolver


@pytest.fixture(params=["libyaml", "python"])
def capa(request, monkeypatch):
    """Cada caso se compone con las dos capas que PyYAML puede traer instaladas."""
    if request.param == "python":
        monkeypatch.setattr(yaml_seguro, "_Cargador", _CargadorPython)
        monkeypatch.setattr(yaml_seguro, "_Parser", yaml_seguro._ParserPython)
    return request.param


CASOS = [
    # (texto, código, línea, columna o None, un fragmento del mensaje)
    ("a: " + "[" * 5000 + "]" * 5000, "yaml-anidamiento", 1, None, "32 niveles"),
    ("entidad: Colima\nacuerdos: " + "[" * 30_000 + "\n", "yaml-anidamiento", 2, None, "32 niveles"),
    ("entidad: Colima\nacuerdos:\n" + "".join(" " * i + "- \n" for i in range(3000)), "yaml-anidamiento", 34,
     None, "32 niveles"),
    ("entidad: BC\nacuerdos:\n\t- a\n", "yaml-tabulador", 3, 1, "tabulador"),
    ("entidad: BC\nacuerdos:\n  - descripcion: x\n\t  estatus: y\n", "yaml-tabulador", 4, 1, "tabulador"),
    ('entidad: "BC\nperiodo: 2024-05\n', "yaml-sintaxis", 1, 10, "comillas"),
    ("entidad: 'BC\nperiodo: 2024-05\n", "yaml-sintaxis", 1, 10, "comillas"),
    ("entidad:BC\nperiodo: 2024-05\n", "yaml-sintaxis", 1, 9, "falta un espacio después de «entidad:»"),
    ("acuerdos:\n  - descripcion:x\n    estatus: y\n", "yaml-sintaxis", 2, 17, "falta un espacio"),
    ("acuerdos:\n  - descripcion: x\n     estatus: y\n", "yaml-sintaxis", 3, 6, "sangría"),
    ("acuerdos:\n  - descripcion: x\n   estatus: y\n", "yaml-sintaxis", 3, None, "sangría"),
    ("a: 1\n  b: 2\n", "yaml-sintaxis", 2, 3, "sangría"),
    ("entidad: @BC\n", "yaml-sintaxis", 1, 10, "«@»"),
    ("entidad: `BC`\n", "yaml-sintaxis", 1, 10, "«`»"),
    ("a: b: c\n", "yaml-sintaxis", 1, 5, "«: »"),
    ('a: "\\q"\n', "yaml-sintaxis", 1, None, "barra invertida"),
    ("a: [1, 2\nb: 3\n", "yaml-sintaxis", None, None, "«[»"),
    ("a: 1\n---\nb: 2\n", "yaml-multiple", 2, 1, "más de un documento"),
    ("a: *x\n", "yaml-alias", 1, 4, "alias"),
]


@pytest.mark.parametrize("texto, codigo, linea, columna, fragmento", CASOS)
def test_error_de_yaml_en_espanol_con_su_posicion(capa, texto, codigo, linea, columna, fragmento):
    nodo, problemas = componer(texto, "x.yaml")
    assert nodo is None
    [p] = problemas
    assert p.codigo == codigo
    if linea is not None:
        assert p.linea == linea
    if columna is not None:
        assert p.columna == columna
    assert fragmento in p.mensaje
    assert not _INGLES.search(p.mensaje + " " + (p.sugerencia or "")), p.mensaje


def test_todas_las_causas_conocidas_tienen_texto_en_espanol():
    """Ningún mensaje de la tabla de causas ni la causa general usa palabras de los mensajes de libyaml."""
    for _, _, mensaje, sugerencia in yaml_seguro._CAUSAS:
        assert not _INGLES.search(mensaje + " " + sugerencia), mensaje
