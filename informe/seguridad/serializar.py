"""Registros → YAML del formato documentado, estable y legible (lo escriben importar y recibir).

Se escribe a mano en vez de con yaml.dump para controlar el orden de las claves,
poner comentarios (atribuciones dudosas) y entrecomillar siempre el texto libre:
así YAML 1.1 nunca reinterpreta un acuerdo que diga «no» o «10:30».
"""

from __future__ import annotations

from . import catalogos as cat
from .modelo import Acuerdo, InformeJLE


# Escapes cortos de YAML para comillas dobles; todo lo demás que no sea imprimible va como \xXX/\uXXXX.
_ESCAPES = {"\0": "\\0", "\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v", "\f": "\\f",
            "\r": "\\r", "\x1b": "\\e", '"': '\\"', "\\": "\\\\", "\x85": "\\N", "\u2028": "\\L",
            "\u2029": "\\P"}


def _imprimible_yaml(c: str) -> bool:
    """Lo que YAML admite tal cual dentro de comillas dobles (sin saltos de línea: esos se escapan)."""
    o = ord(c)
    return ((0x20 <= o <= 0x7E or 0xA0 <= o <= 0xD7FF or 0xE000 <= o <= 0xFFFD or o >= 0x10000)
            and o not in (0xFEFF, 0x2028, 0x2029))


def _q(texto: str) -> str:
    """Cadena YAML entre comillas dobles que se lee de vuelta idéntica, contenga lo que contenga.

    `json.dumps` no basta: deja DEL, los controles C1, NEL, LS, PS y U+FFFE tal cual, y el
    archivo deja de ser YAML válido (lo prueba una propiedad con hypothesis en los tests).
    """
    partes = []
    for c in texto:
        if c in _ESCAPES:
            partes.append(_ESCAPES[c])
        elif _imprimible_yaml(c):
            partes.append(c)
        elif ord(c) <= 0xFF:
            partes.append(f"\\x{ord(c):02X}")
        elif ord(c) <= 0xFFFF:
            partes.append(f"\\u{ord(c):04X}")
        else:
            partes.append(f"\\U{ord(c):08X}")
    return '"' + "".join(partes) + '"'


def _comentario(texto: str, sangria: str) -> str:
    """Comentarios YAML: un carácter no imprimible (o un nombre de archivo hostil) no rompe el archivo."""
    lineas = texto.replace("\r\n", "\n").split("\n")
    return "".join(f"{sangria}# {_q(linea)[1:-1] if not all(map(_imprimible_yaml, linea)) else linea}\n"
                   for linea in lineas if linea or len(lineas) == 1)


def yaml_jle(informe: InformeJLE, encabezado: str = "", notas: dict[str, list[str]] | None = None) -> str:
    """El archivo de una JLE. `notas`: comentarios por id de acuerdo (o por «medida-N»)."""
    notas = notas or {}
    partes = [_comentario(encabezado, "") if encabezado else ""]
    partes.append(f"entidad: {_q(cat.POR_ABREVIATURA[informe.entidad].corto)}\nperiodo: {informe.periodo}\n")
    if informe.mesa is not None:
        partes.append(f"mesa:\n  instalada: {informe.mesa.instalada.isoformat() if informe.mesa.instalada else 'null'}\n")
    if informe.reuniones is not None:
        partes.append("reuniones:" + (" []\n" if not informe.reuniones else "\n"))
        for r in informe.reuniones:
            partes.append(f"  - fecha: {r.fecha.isoformat()}\n")
            if r.modalidad:
                partes.append(f"    modalidad: {r.modalidad}\n")
            if r.asistentes is not None:
                partes.append(f"    asistentes: {r.asistentes}\n")
            if r.temas is not None:
                partes.append("    temas:" + (" []\n" if not r.temas else "\n"))
                for t in r.temas:
                    partes.append(f"      - tipo: {t.tipo}\n")
                    if t.descripcion:
                        partes.append(f"        descripcion: {_q(t.descripcion)}\n")
    if informe.acuerdos_reportados or informe.acuerdos:
        partes.append("acuerdos:" + (" []\n" if not informe.acuerdos else "\n"))
    for a in informe.acuerdos:
        partes.append(_acuerdo(a, notas.get(a.id, [])))
    if informe.seguimiento:
        partes.append("seguimiento:\n")
        for s in informe.seguimiento:
            partes.append(f"  - acuerdo: {s.acuerdo}\n    estatus: {s.estatus}\n")
    if informe.medidas is not None:
        partes.append("medidas:" + (" []\n" if not informe.medidas else "\n"))
        for i, m in enumerate(informe.medidas, 1):
            partes.append(_comentario("\n".join(notas.get(f"medida-{i}", [])), "  "))
            partes.append(f"  - descripcion: {_q(m.descripcion)}\n")
            if m.estatus:
                partes.append(f"    estatus: {m.estatus}\n")
    return "".join(partes)


def _acuerdo(a: Acuerdo, notas: list[str]) -> str:
    salida = _comentario("\n".join(notas), "  ")
    salida += f"  - id: {a.id}\n    descripcion: {_q(a.descripcion)}\n"
    if a.estatus:
        salida += f"    estatus: {a.estatus}\n"
    if a.fecha:
        salida += f"    fecha: {a.fecha.isoformat()}\n"
    return salida
