"""Catálogos del dominio: entidades, estatus, modalidades y tipos de tema.

Viven en código (no en YAML) para que cargarlos no cueste nada al arrancar.
Toda comparación pasa por `normalizar`, que ignora mayúsculas, acentos y la
forma de normalización Unicode; lo que sale de aquí es siempre la forma
canónica.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Entidad:
    clave: str  # clave INEGI, "01".."32"
    nombre: str  # nombre oficial
    corto: str  # nombre con el que se escribe en los informes
    abreviatura: str  # prefijo de los identificadores de acuerdo
    alias: tuple[str, ...] = ()


# En el orden de los anexos de los informes (alfabético por nombre corto).
ENTIDADES: tuple[Entidad, ...] = (
    Entidad("01", "Aguascalientes", "Aguascalientes", "AGS", ("Ags",)),
    Entidad("02", "Baja California", "Baja California", "BC", ("BC",)),
    Entidad("03", "Baja California Sur", "Baja California Sur", "BCS", ("BCS",)),
    Entidad("04", "Campeche", "Campeche", "CAMP", ("Camp",)),
    Entidad("07", "Chiapas", "Chiapas", "CHIS", ("Chis",)),
    Entidad("08", "Chihuahua", "Chihuahua", "CHIH", ("Chih",)),
    Entidad("09", "Ciudad de México", "Ciudad de México", "CDMX", ("CDMX", "Distrito Federal", "DF")),
    Entidad("05", "Coahuila de Zaragoza", "Coahuila", "COAH", ("Coah",)),
    Entidad("06", "Colima", "Colima", "COL", ("Col",)),
    Entidad("10", "Durango", "Durango", "DGO", ("Dgo",)),
    Entidad("11", "Guanajuato", "Guanajuato", "GTO", ("Gto",)),
    Entidad("12", "Guerrero", "Guerrero", "GRO", ("Gro",)),
    Entidad("13", "Hidalgo", "Hidalgo", "HGO", ("Hgo",)),
    Entidad("14", "Jalisco", "Jalisco", "JAL", ("Jal",)),
    Entidad("15", "México", "Estado de México", "MEX", ("Edomex", "Edo. de México", "Méx")),
    Entidad("16", "Michoacán de Ocampo", "Michoacán", "MICH", ("Mich",)),
    Entidad("17", "Morelos", "Morelos", "MOR", ("Mor",)),
    Entidad("18", "Nayarit", "Nayarit", "NAY", ("Nay",)),
    Entidad("19", "Nuevo León", "Nuevo León", "NL", ("NL",)),
    Entidad("20", "Oaxaca", "Oaxaca", "OAX", ("Oax",)),
    Entidad("21", "Puebla", "Puebla", "PUE", ("Pue",)),
    Entidad("22", "Querétaro", "Querétaro", "QRO", ("Querétaro de Arteaga", "Qro")),
    Entidad("23", "Quintana Roo", "Quintana Roo", "QROO", ("Q. Roo",)),
    Entidad("24", "San Luis Potosí", "San Luis Potosí", "SLP", ("SLP",)),
    Entidad("25", "Sinaloa", "Sinaloa", "SIN", ("Sin",)),
    Entidad("26", "Sonora", "Sonora", "SON", ("Son",)),
    Entidad("27", "Tabasco", "Tabasco", "TAB", ("Tab",)),
    Entidad("28", "Tamaulipas", "Tamaulipas", "TAMPS", ("Tamps",)),
    Entidad("29", "Tlaxcala", "Tlaxcala", "TLAX", ("Tlax",)),
    Entidad("30", "Veracruz de Ignacio de la Llave", "Veracruz", "VER", ("Ver",)),
    Entidad("31", "Yucatán", "Yucatán", "YUC", ("Yuc",)),
    Entidad("32", "Zacatecas", "Zacatecas", "ZAC", ("Zac",)),
)

PLANEACION, EN_PROCESO, CONCLUIDO = "Planeación", "En proceso", "Concluido"
SIN_ESTATUS = "Sin estatus"
ESTATUS: tuple[str, ...] = (PLANEACION, EN_PROCESO, CONCLUIDO)
# Orden de avance: un acuerdo que baja de rango retrocede.
RANGO_ESTATUS = {PLANEACION: 0, EN_PROCESO: 1, CONCLUIDO: 2}

MODALIDADES: tuple[str, ...] = ("presencial", "virtual", "híbrida")
TIPOS_TEMA: tuple[str, ...] = ("inseguridad", "logística", "problemas sociales", "otros")

# Variantes frecuentes en los anexos y en lo que escriben las JLE.
_ALIAS_ESTATUS = {
    "planeacion": PLANEACION,
    "en planeacion": PLANEACION,
    "proceso": EN_PROCESO,
    "en proceso": EN_PROCESO,
    "concluido": CONCLUIDO,
    "concluida": CONCLUIDO,
    "concluidos": CONCLUIDO,
}
_ALIAS_MODALIDAD = {"hibrida": "híbrida", "mixta": "híbrida", "en linea": "virtual"}
_ALIAS_TEMA = {"logistica": "logística", "problemas sociales": "problemas sociales", "otro": "otros"}


def normalizar(texto: str) -> str:
    """Clave de comparación: sin acentos, sin mayúsculas, espacios simples."""
    if texto.isascii():  # el caso común, sin descomponer letra por letra (un archivo hostil trae 10⁵ claves)
        return " ".join(texto.lower().replace(".", " ").split())
    descompuesto = unicodedata.normalize("NFKD", texto)
    sin_marcas = "".join(c for c in descompuesto if not unicodedata.combining(c))
    return " ".join(sin_marcas.casefold().replace(".", " ").split())


@lru_cache(maxsize=1)
def _indice_entidades() -> dict[str, Entidad]:
    indice: dict[str, Entidad] = {}
    for e in ENTIDADES:
        for nombre in (e.nombre, e.corto, e.abreviatura, e.clave, *e.alias):
            indice[normalizar(nombre)] = e
    return indice


POR_ABREVIATURA = {e.abreviatura: e for e in ENTIDADES}
_ALIAS_BASE_ESTATUS = dict(_ALIAS_ESTATUS)


def agregar_alias(entidades: dict[str, str] | None = None, estatus: dict[str, str] | None = None) -> None:
    """Los alias del proceso (proceso.yaml → catalogos), sustituyendo los de un proceso anterior.

    Los valores ya son canónicos (la carga de proceso.yaml los validó contra el catálogo).
    """
    _ALIAS_PROCESO_ENTIDADES.clear()
    _ALIAS_PROCESO_ENTIDADES.update({normalizar(k): v for k, v in (entidades or {}).items()})
    _ALIAS_ESTATUS.clear()
    _ALIAS_ESTATUS.update(_ALIAS_BASE_ESTATUS)
    _ALIAS_ESTATUS.update({normalizar(k): v for k, v in (estatus or {}).items()})
    buscar_entidad.cache_clear()
    buscar_estatus.cache_clear()


def firma_alias() -> str:
    """Cambia cuando cambian los alias: lo cargado con otros alias deja de valer en la caché."""
    return repr(sorted(_ALIAS_PROCESO_ENTIDADES.items())) + repr(sorted(_ALIAS_ESTATUS.items()))
ORDEN_ENTIDAD = {e.abreviatura: i for i, e in enumerate(ENTIDADES)}


# Alias que agrega cada proceso en proceso.yaml → catalogos (ver agregar_alias).
_ALIAS_PROCESO_ENTIDADES: dict[str, str] = {}


@lru_cache(maxsize=1024)
def buscar_entidad(texto: str) -> Entidad | None:
    clave = normalizar(texto)
    if clave in _ALIAS_PROCESO_ENTIDADES:
        return POR_ABREVIATURA[_ALIAS_PROCESO_ENTIDADES[clave]]
    return _indice_entidades().get(clave)


@lru_cache(maxsize=1024)
def buscar_estatus(texto: str) -> str | None:
    return _ALIAS_ESTATUS.get(normalizar(texto))


@lru_cache(maxsize=1024)
def buscar_modalidad(texto: str) -> str | None:
    clave = normalizar(texto)
    return _ALIAS_MODALIDAD.get(clave) or next((m for m in MODALIDADES if normalizar(m) == clave), None)


@lru_cache(maxsize=1024)
def buscar_tipo_tema(texto: str) -> str | None:
    clave = normalizar(texto)
    return _ALIAS_TEMA.get(clave) or next((t for t in TIPOS_TEMA if normalizar(t) == clave), None)


def parecido(texto: str, opciones: list[str] | tuple[str, ...]) -> str | None:
    """La opción más parecida a `texto`, comparando sin acentos ni mayúsculas."""
    por_clave = {normalizar(o): o for o in opciones}
    hallado = difflib.get_close_matches(normalizar(texto), list(por_clave), n=1, cutoff=0.6)
    return por_clave[hallado[0]] if hallado else None


def entidad_parecida(texto: str) -> str | None:
    nombres = [e.corto for e in ENTIDADES] + [e.nombre for e in ENTIDADES]
    hallado = parecido(texto, nombres)
    if hallado is None:
        return None
    e = buscar_entidad(hallado)
    return e.corto if e else hallado


# Lo que delata a una entidad en el texto de un acuerdo: su OPL y municipios o lugares
# propios. Solo pistas inequívocas (IEE, IEPC o «La Paz» se repiten entre estados).
PISTAS: dict[str, tuple[str, ...]] = {
    "BC": ("IEEBC", "Mexicali", "Tijuana", "Ensenada", "Tecate", "Rosarito"),
    "BCS": ("IEEBCS", "Los Cabos", "Comondú", "Mulegé", "Ciudad Constitución", "Santa Rosalía"),
    "CAMP": ("IEEC", "Ciudad del Carmen", "Calakmul"),
    "CHIS": ("Tuxtla Gutiérrez", "Frontera Comalapa", "Pantelhó", "Tapachula", "SSyPC"),
    "CHIH": ("Ciudad Juárez",),
    "CDMX": ("IECM", "alcaldía", "alcaldías"),
    "COAH": ("Torreón", "Saltillo", "Monclova", "Piedras Negras"),
    "GTO": ("IEEG", "León", "Irapuato", "Celaya"),
    "GRO": ("Acapulco", "Chilpancingo", "Iguala"),
    "HGO": ("IEEH", "Pachuca", "Ixmiquilpan", "Tulancingo"),
    "JAL": ("Guadalajara", "Zapopan", "Tlaquepaque"),
    "MEX": ("IEEM", "Toluca", "Ecatepec", "Nezahualcóyotl"),
    "MICH": ("Morelia", "Uruapan", "Apatzingán"),
    "MOR": ("IMPEPAC", "Cuernavaca", "CARBAIN"),
    "NAY": ("IEEN", "Tepic"),
    "NL": ("IEEPCNL", "Monterrey", "Fuerza Civil"),
    "OAX": ("IEEPCO",),
    "QRO": ("IEEQ",),
    "QROO": ("IEQROO", "Cancún", "Chetumal"),
    "SLP": ("CEEPAC", "ZORE"),
    "SIN": ("IEES", "Culiacán", "Mazatlán"),
    "SON": ("IEEyPC", "Hermosillo", "Guaymas", "Ures", "Moctezuma", "Félix Gómez"),
    "TAB": ("IEPCT", "Villahermosa"),
    "TAMPS": ("IETAM", "Reynosa", "Matamoros", "Río Bravo", "San Fernando", "Nuevo Laredo"),
    "TLAX": ("ITE",),
    "VER": ("OPLE Veracruz", "Xalapa"),
    "YUC": ("IEPAC", "Mérida"),
    "ZAC": ("IEEZ", "Fresnillo"),
}


@lru_cache(maxsize=1)
def pistas_normalizadas() -> dict[str, tuple[str, ...]]:
    """Nombre oficial, nombre corto, alias largos y pistas de cada entidad, normalizados."""
    salida = {}
    for e in ENTIDADES:
        nombres = {e.nombre, e.corto, *(a for a in e.alias if len(a) > 4), *PISTAS.get(e.abreviatura, ())}
        if e.abreviatura == "MEX":
            nombres.discard("México")  # «México» también es el país
            nombres.discard("Estado de México")
            nombres.add("Estado de México")
        salida[e.abreviatura] = tuple(sorted(normalizar(n) for n in nombres))
    return salida


_ORDINALES = (
    "", "Primer", "Segundo", "Tercer", "Cuarto", "Quinto", "Sexto", "Séptimo", "Octavo", "Noveno",
    "Décimo", "Undécimo", "Duodécimo", "Decimotercer", "Decimocuarto", "Decimoquinto",
    "Decimosexto", "Decimoséptimo", "Decimoctavo", "Decimonoveno", "Vigésimo",
)
_UNIDADES_VIGESIMO = ("", "primer", "segundo", "tercer", "cuarto", "quinto", "sexto", "séptimo", "octavo", "noveno")


def ordinal(n: int) -> str:
    """Ordinal masculino apocopado ante sustantivo: 1 → «Primer», 5 → «Quinto», 30 → «Trigésimo»."""
    if not 1 <= n <= 30:
        raise ValueError(f"ordinal fuera de rango: {n}")
    if n <= 20:
        return _ORDINALES[n]
    if n == 30:
        return "Trigésimo"
    return f"Vigésimo {_UNIDADES_VIGESIMO[n - 20]}"


def ordinal_pleno(n: int) -> str:
    """Sin apócope, para cuando no va pegado al sustantivo: «Tercero y último informe»."""
    o = ordinal(n)
    return o + "o" if o.endswith(("rimer", "ercer")) else o


MESES = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)
