"""Catálogos del dominio: entidades, estatus, modalidades y tipos de tema.

Viven en código (no en YAML) para que cargarlos no cueste nada al arrancar.
Toda comparación pasa por `normalizar`, que ignora mayúsculas, acentos y la
forma de normalización Unicode; lo que sale de aquí es siempre la forma
canónica.
"""

from __future__ import annotations

from functools import lru_cache

from ..entidades import ENTIDADES, ORDEN_ENTIDAD, POR_ABREVIATURA, Entidad, indice as _indice_entidades  # noqa: F401
from ..lengua import MESES, normalizar, ordinal, ordinal_pleno, parecido  # noqa: F401


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


class Catalogos:
    """Los catálogos con los alias de un proceso (proceso.yaml → catalogos), como un valor.

    Cada carpeta de datos trae los suyos y se pasan a quien lee (`Lector.contexto`): dos carpetas con
    alias distintos leídas en el mismo proceso no se pisan, y la huella de la caché incluye `firma()`.
    Los valores de los alias ya son canónicos (la lectura de proceso.yaml los validó contra `BASE`).
    """

    __slots__ = ("_entidades", "_estatus", "entidad", "estatus")

    def __init__(self, entidades: dict[str, str] | None = None, estatus: dict[str, str] | None = None):
        self._entidades = {normalizar(k): v for k, v in (entidades or {}).items()}
        self._estatus = {**_ALIAS_ESTATUS, **{normalizar(k): v for k, v in (estatus or {}).items()}}
        # cada estatus de la historia pasa por aquí (cientos de miles): memoria acotada por instancia,
        # como la de las búsquedas de base (un archivo hostil trae 10⁵ valores distintos)
        self.entidad = lru_cache(maxsize=1024)(self._entidad)
        self.estatus = lru_cache(maxsize=1024)(self._buscar_estatus)

    def _entidad(self, texto: str) -> Entidad | None:
        clave = normalizar(texto)
        if clave in self._entidades:
            return POR_ABREVIATURA[self._entidades[clave]]
        return _indice_entidades().get(clave)

    def _buscar_estatus(self, texto: str) -> str | None:
        return self._estatus.get(normalizar(texto))

    def firma(self) -> str:
        """Cambia cuando cambian los alias: lo leído con otros alias no vale en la caché."""
        return repr(sorted(self._entidades.items())) + repr(sorted(self._estatus.items()))


BASE = Catalogos()  # sin alias de proceso: para proceso.yaml mismo y para quien no tiene carpeta de datos


def buscar_entidad(texto: str) -> Entidad | None:
    """La entidad del catálogo base (nombre, abreviatura, clave o alias fijo); los de un proceso, con `Catalogos`."""
    return BASE.entidad(texto)


def buscar_estatus(texto: str) -> str | None:
    return BASE.estatus(texto)


@lru_cache(maxsize=1024)
def buscar_modalidad(texto: str) -> str | None:
    clave = normalizar(texto)
    return _ALIAS_MODALIDAD.get(clave) or next((m for m in MODALIDADES if normalizar(m) == clave), None)


@lru_cache(maxsize=1024)
def buscar_tipo_tema(texto: str) -> str | None:
    clave = normalizar(texto)
    return _ALIAS_TEMA.get(clave) or next((t for t in TIPOS_TEMA if normalizar(t) == clave), None)


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


