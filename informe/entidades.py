"""Las 32 entidades federativas, en el orden de los anexos del INE.

Comunes a todas las familias de informe: la de seguridad las usa para las JLE, la del voto en el
extranjero para las solicitudes por entidad.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .lengua import normalizar, parecido


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

POR_ABREVIATURA = {e.abreviatura: e for e in ENTIDADES}
ORDEN_ENTIDAD = {e.abreviatura: i for i, e in enumerate(ENTIDADES)}


@lru_cache(maxsize=1)
def indice() -> dict[str, Entidad]:
    """Nombre oficial, nombre corto, abreviatura, clave INEGI y alias, normalizados."""
    salida: dict[str, Entidad] = {}
    for e in ENTIDADES:
        for nombre in (e.nombre, e.corto, e.abreviatura, e.clave, *e.alias):
            salida[normalizar(nombre)] = e
    return salida


def buscar(texto: str) -> Entidad | None:
    return indice().get(normalizar(texto))


def parecida(texto: str) -> str | None:
    """El nombre corto de la entidad más parecida a `texto`, para sugerirla."""
    hallado = parecido(texto, [e.corto for e in ENTIDADES] + [e.nombre for e in ENTIDADES])
    if hallado is None:
        return None
    e = buscar(hallado)
    return e.corto if e else hallado
