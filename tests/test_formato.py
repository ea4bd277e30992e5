"""El formato de la JLE se escribe una vez (`seguridad/formato.py`) y de ahí salen la lectura, el esquema,
el serializador y la ayuda de la plantilla: si uno se aparta, estos tests lo dicen."""

from __future__ import annotations

import re
from datetime import date

from informe.seguridad import catalogos as cat
from informe.seguridad import formato
from informe.seguridad.esquema import esquema_jle, obligatorias
from informe.seguridad.formulario import como_llenarlo
from informe.seguridad.modelo import Acuerdo, InformeJLE, Medida, Mesa, Reunion, Seguimiento, Tema
from informe.seguridad.serializar import yaml_jle


def _mapas(campo, ruta=""):
    """(ruta, campo) de cada mapa del formato: la raíz, los mapas y los elementos de cada lista."""
    yield ruta, campo
    for h in campo.campos:
        if h.tipo in ("mapa", "lista"):
            yield from _mapas(h, f"{ruta}.{h.nombre}".lstrip("."))


def _en_esquema(esquema, ruta):
    nodo = esquema
    for parte in filter(None, ruta.split(".")):
        nodo = nodo["properties"][parte]
        nodo = nodo.get("items", nodo)
    return nodo


def test_el_esquema_tiene_las_claves_y_obligatorias_del_formato():
    esquema = esquema_jle()
    for ruta, campo in _mapas(formato.JLE):
        nodo = _en_esquema(esquema, ruta)
        assert set(nodo["properties"]) == set(campo.claves()), ruta
        assert set(obligatorias(nodo)) == {n for n, r in campo.claves().items() if r}, ruta
        assert nodo["additionalProperties"] is False


def test_la_lectura_admite_las_claves_del_formato():
    from informe.seguridad import lectura

    assert lectura.CAMPOS_JLE == formato.JLE.claves()
    assert lectura.CAMPOS_ACUERDO == formato.ACUERDO.claves()


def _completo() -> InformeJLE:
    d = date(2024, 5, 3)
    return InformeJLE("x", "GRO", "2024-05", Mesa(None, 0),
                      [Reunion(d, "virtual", 12, [Tema("logística", "Rutas", 0)], 0)],
                      [Acuerdo("GRO-2024-05-001", "Uno", "Concluido", d, 0)], True,
                      [Seguimiento("GRO-2024-04-002", "En proceso", 0)], [Medida("Escoltas", "Planeación", 0)])


def test_el_serializador_escribe_las_claves_en_el_orden_del_formato():
    texto = yaml_jle(_completo(), "encabezado", {"GRO-2024-05-001": ["revisar"]})
    assert texto == (
        '# encabezado\nentidad: "Guerrero"\nperiodo: 2024-05\nmesa:\n  instalada: null\n'
        'reuniones:\n  - fecha: 2024-05-03\n    modalidad: virtual\n    asistentes: 12\n'
        '    temas:\n      - tipo: logística\n        descripcion: "Rutas"\n'
        'acuerdos:\n  # revisar\n  - id: GRO-2024-05-001\n    descripcion: "Uno"\n    estatus: Concluido\n'
        '    fecha: 2024-05-03\n'
        'seguimiento:\n  - acuerdo: GRO-2024-04-002\n    estatus: En proceso\n'
        'medidas:\n  - descripcion: "Escoltas"\n    estatus: Planeación\n')
    claves = [c for s, c in re.findall(r"^( *)(?:- )?([a-z_]+):", texto, re.M) if not s]
    assert claves == [c.nombre for c in formato.JLE.campos]


def test_el_orden_sale_del_formato(monkeypatch):
    """Reordenar los campos del acuerdo en `formato.py` reordena lo que escribe el serializador."""
    invertido = formato.Campo("acuerdos", "lista", "x", campos=tuple(reversed(formato.ACUERDO.campos)))
    campos = tuple(invertido if c.nombre == "acuerdos" else c for c in formato.JLE.campos)
    monkeypatch.setattr(formato, "JLE", formato.Campo("jle", "mapa", "x", campos=campos))
    import informe.seguridad.serializar as serializar

    monkeypatch.setattr(serializar, "JLE", formato.JLE)
    texto = yaml_jle(_completo(), solo=("acuerdos",))
    assert texto == 'acuerdos:\n  - fecha: 2024-05-03\n    estatus: Concluido\n    descripcion: "Uno"\n' \
                    '    id: GRO-2024-05-001\n'


def test_la_plantilla_explica_cada_seccion_con_los_valores_de_sus_catalogos():
    ayuda = "\n".join(como_llenarlo())
    for c in formato.JLE.campos:
        if c.tipo == "lista":
            assert f"# - {c.nombre}: " in ayuda
    for valores in (cat.modalidades(), cat.tipos_tema(), cat.BASE.nombres()):
        assert " | ".join(valores) in ayuda
    assert "temas.tipo: inseguridad | logística" in ayuda
