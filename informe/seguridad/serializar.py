"""Registros → YAML del formato documentado, estable y legible (lo escriben importar y recibir).

Se escribe a mano en vez de con yaml.dump para controlar el orden de las claves,
poner comentarios (atribuciones dudosas) y entrecomillar siempre el texto libre:
así YAML 1.1 nunca reinterpreta un acuerdo que diga «no» o «10:30».
"""

from __future__ import annotations

from datetime import date

from . import catalogos as cat
from .formato import JLE, Campo
from .modelo import InformeJLE


# Escapes cortos de YAML para comillas dobles; todo lo demás que no sea imprimible va como \xXX/\uXXXX.
_ESCAPES = {"\0": "\\0", "\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v", "\f": "\\f",
            "\r": "\\r", "\x1b": "\\e", '"': '\\"', "\\": "\\\\", "\x85": "\\N", "\u2028": "\\L",
            "\u2029": "\\P"}
ESCAPES_YAML = _ESCAPES  # también los usa el formulario web al guardar (formulario_web.py)


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
    if not texto:
        return ""
    return "".join(f"{sangria}# {_q(linea)[1:-1] if not all(map(_imprimible_yaml, linea)) else linea}\n"
                   for linea in texto.replace("\r\n", "\n").split("\n"))


def _escalar(campo: Campo, valor) -> str:
    if campo.tipo in ("texto", "entidad"):  # texto libre: siempre entre comillas (YAML 1.1 leería «no» como falso)
        return _q(valor)
    if campo.tipo in ("fecha", "fecha-o-null"):
        return valor.isoformat() if valor is not None else "null"
    return str(valor)  # entero, periodo, identificadores y valores de catálogo ya canónicos


def _valor(registro, campo: Campo):
    """El valor de un campo en el modelo; el de un campo propio de un acuerdo, de `propios` (una fecha, de su ISO)."""
    if hasattr(registro, campo.nombre):
        return getattr(registro, campo.nombre)
    valor = getattr(registro, "propios", {}).get(campo.nombre)
    return date.fromisoformat(valor) if campo.tipo == "fecha" and isinstance(valor, str) else valor


def _claves(campos: tuple[Campo, ...], valor_de, sangria: str, notas_de=None) -> list[str]:
    """Las claves de un mapa en el orden de `formato.py`. Se omite lo no reportado (None o texto vacío),
    salvo una fecha que puede ser null; una lista vacía se escribe `[]` (no es lo mismo que no reportada)."""
    lineas = []
    for c in campos:
        valor = valor_de(c)
        if (valor is None and c.tipo != "fecha-o-null") or valor == "":
            continue
        if c.tipo == "mapa":
            lineas.append(f"{sangria}{c.nombre}:\n")
            lineas += _claves(c.campos, lambda h, v=valor: _valor(v, h), sangria + "  ")
        elif c.tipo == "lista":
            lineas.append(f"{sangria}{c.nombre}:" + (" []\n" if not valor else "\n"))
            for i, elemento in enumerate(valor, 1):
                if notas_de is not None:
                    lineas.append(_comentario("\n".join(notas_de(c.nombre, i, elemento)), sangria + "  "))
                hijas = _claves(c.campos, lambda h, e=elemento: _valor(e, h), sangria + "    ")
                lineas += [f"{sangria}  - {hijas[0][len(sangria) + 4:]}", *hijas[1:]]
        else:
            lineas.append(f"{sangria}{c.nombre}: {_escalar(c, valor)}\n")
    return lineas


def yaml_jle(informe: InformeJLE, encabezado: str = "", notas: dict[str, list[str]] | None = None,
             solo: tuple[str, ...] = ()) -> str:
    """El archivo de una JLE, con las claves en el orden de `formato.JLE`. `notas`: comentarios por id de
    acuerdo (o por «medida-N»), antes de su elemento. `solo`: esas claves nada más (los ejemplos de la
    plantilla)."""
    notas = notas or {}
    propios = {  # lo que no se toma tal cual del modelo
        "entidad": lambda: cat.POR_ABREVIATURA[informe.entidad].corto,
        "acuerdos": lambda: informe.acuerdos if informe.acuerdos_reportados or informe.acuerdos else None,
        "seguimiento": lambda: informe.seguimiento or None,  # sin acuerdos abiertos, la sección no se escribe
    }

    def valor_de(c: Campo):
        return propios[c.nombre]() if c.nombre in propios else getattr(informe, c.nombre)

    def notas_de(lista: str, i: int, elemento) -> list[str]:
        return notas.get(elemento.id if lista == "acuerdos" else f"medida-{i}", []) \
            if lista in ("acuerdos", "medidas") else []

    campos = tuple(c for c in JLE.campos if not solo or c.nombre in solo)
    return _comentario(encabezado, "") + "".join(_claves(campos, valor_de, "", notas_de))
