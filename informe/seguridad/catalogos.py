"""Catálogos del dominio: entidades, estatus, modalidades y tipos de tema, como registros.

Viven en código (no en YAML) para que cargarlos no cueste nada al arrancar; un proceso agrega los suyos
en su proceso.yaml (`lectura_periodo.leer_proceso`), y el resultado viaja como un valor (`Catalogos`).
Toda comparación pasa por `normalizar`, que ignora mayúsculas, acentos y la
forma de normalización Unicode; lo que sale de aquí es siempre la forma
canónica.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..entidades import ENTIDADES, ORDEN_ENTIDAD, POR_ABREVIATURA, Entidad, indice as _indice_entidades  # noqa: F401
from ..figuras import AZUL, GRIS, NARANJA, VERDE
from ..lengua import MESES, normalizar, ordinal, ordinal_pleno, parecido  # noqa: F401


SIN_ESTATUS = "Sin estatus"  # el comodín: cuenta lo que no reporta estatus (nadie lo escribe en un archivo)


@dataclass(frozen=True, slots=True)
class Estatus:
    """Un estatus de acuerdo o medida: todo lo que el informe, las tablas, las gráficas, `diff`, la plantilla
    de la JLE y el esquema saben de él. Agregar uno es agregar un registro (aquí, o en proceso.yaml)."""
    nombre: str
    orden: int  # rango de avance: un acuerdo que baja de orden retrocede
    color: str  # de su barra en la gráfica (#RRGGBB)
    terminal: bool  # cuenta como concluido: «se concluyeron» en diff; ya no es pendiente ni «sin avance»
    singular: str  # lo que sigue a la cifra en las frases del informe: «1 concluido»
    plural: str  # «20 concluidos»
    abreviatura: str  # encabezado de las tablas angostas de la terminal (diff, importar)
    estilo: str = ""  # estilo de Rich en la terminal; vacío: su color
    alias: tuple[str, ...] = ()  # otras formas que escriben las JLE y los anexos
    sin_dato: bool = False  # el comodín «Sin estatus»: va al final, por debajo de todo en avance

    @property
    def estilo_terminal(self) -> str:
        return self.estilo or self.color


@dataclass(frozen=True, slots=True)
class Opcion:
    """Un valor de una lista cerrada sin más atributos que su presentación: modalidad o tipo de tema."""
    nombre: str
    alias: tuple[str, ...] = ()
    color: str = ""  # de su serie en la gráfica
    trama: str = ""  # la gráfica apilada se lee también sin distinguir colores (en gris, con daltonismo)
    sin_dato: bool = False  # «no reportada»: nadie lo escribe; cuenta lo que falta


# Los registros. Lo demás (listas de nombres, rangos, alias, colores, abreviaturas, frases) se deriva de
# ellos cuando se pide, nunca al importar: un estatus agregado aquí llega a todas partes.
ESTATUS_REGISTROS: tuple[Estatus, ...] = (
    Estatus("Planeación", 0, NARANJA, False, "en planeación", "en planeación", "Plan.", "yellow",
            ("en planeacion",)),
    Estatus("En proceso", 1, AZUL, False, "en proceso", "en proceso", "Proc.", "cyan", ("proceso",)),
    Estatus("Concluido", 2, VERDE, True, "concluido", "concluidos", "Conc.", "green", ("concluida", "concluidos")),
    Estatus(SIN_ESTATUS, -1, GRIS, False, "sin estatus", "sin estatus", "S/est.", "red", sin_dato=True),
)
MODALIDADES_REGISTROS: tuple[Opcion, ...] = (
    Opcion("presencial", color=AZUL),
    Opcion("virtual", ("en linea",), NARANJA, "////"),
    Opcion("híbrida", ("mixta",), VERDE, "...."),
    Opcion("no reportada", color=GRIS, trama="xxxx", sin_dato=True),
)
TIPOS_TEMA_REGISTROS: tuple[Opcion, ...] = (
    Opcion("inseguridad"),
    Opcion("logística"),
    Opcion("problemas sociales"),
    Opcion("otros", ("otro",)),
)


def modalidades() -> tuple[str, ...]:
    """Las modalidades que una JLE puede escribir, en el orden del catálogo."""
    return tuple(m.nombre for m in MODALIDADES_REGISTROS if not m.sin_dato)


def modalidad_no_reportada() -> Opcion:
    return next(m for m in MODALIDADES_REGISTROS if m.sin_dato)


def tipos_tema() -> tuple[str, ...]:
    return tuple(t.nombre for t in TIPOS_TEMA_REGISTROS if not t.sin_dato)


def alias_de(registros) -> dict[str, str]:
    """Forma normalizada de cada nombre y alias → nombre canónico (lo que el esquema acepta también)."""
    return {normalizar(forma): r.nombre for r in registros if not r.sin_dato for forma in (r.nombre, *r.alias)}


class Catalogos:
    """Los catálogos de un proceso como un valor: los de base más lo que su proceso.yaml agrega (alias de
    entidades y de estatus, estatus nuevos).

    Cada carpeta de datos trae los suyos y se pasan a quien lee (`Lector.contexto`), agrega, dibuja o
    compara: dos carpetas con catálogos distintos en el mismo proceso no se pisan, y la huella de la caché
    incluye `firma()`. Los valores de los alias ya son canónicos (la lectura de proceso.yaml los validó).
    """

    __slots__ = ("_entidades", "_alias_estatus", "agregados", "_base", "_indice", "_buscar", "entidad")

    def __init__(self, entidades: dict[str, str] | None = None, estatus: dict[str, str] | None = None,
                 agregados: tuple[Estatus, ...] = ()):
        self._entidades = {normalizar(k): v for k, v in (entidades or {}).items()}
        self._alias_estatus = {normalizar(k): v for k, v in (estatus or {}).items()}
        self.agregados = tuple(agregados)
        self._base: tuple[Estatus, ...] | None = None
        # cada estatus de la historia pasa por aquí (cientos de miles): memoria acotada por instancia,
        # como la de las búsquedas de base (un archivo hostil trae 10⁵ valores distintos)
        self.entidad = lru_cache(maxsize=1024)(self._entidad)

    def _entidad(self, texto: str) -> Entidad | None:
        clave = normalizar(texto)
        if clave in self._entidades:
            return POR_ABREVIATURA[self._entidades[clave]]
        return _indice_entidades().get(clave)

    def formas_de_entidad(self, abreviatura: str) -> list[str]:
        """Cada forma normalizada que `entidad()` lee como la entidad `abreviatura`: las de base (nombre, corto,
        abreviatura, clave, alias) y los alias que agrega el proceso (el formulario web abre lo que recibir lee)."""
        propias = {k for k, v in self._entidades.items() if v == abreviatura}
        base = {k for k, e in _indice_entidades().items() if e.abreviatura == abreviatura and k not in self._entidades}
        return sorted(propias | base)

    def _al_dia(self) -> None:
        # los registros de base se leen cuando se piden (no al crear el valor): quien agrega uno en
        # `ESTATUS_REGISTROS` lo ve en todas partes, también en `BASE`
        if self._base is not ESTATUS_REGISTROS:
            self._base = ESTATUS_REGISTROS
            self._indice = {**alias_de(self.registros), **self._alias_estatus}
            self._buscar = lru_cache(maxsize=1024)(lambda texto: self._indice.get(normalizar(texto)))

    def estatus(self, texto: str) -> str | None:
        """El nombre canónico del estatus que `texto` escribe (nombre o alias, sin acentos ni mayúsculas)."""
        self._al_dia()
        return self._buscar(texto)

    @property
    def registros(self) -> tuple[Estatus, ...]:
        """Todos los estatus en el orden del informe: por avance, y el comodín «Sin estatus» al final."""
        todos = (*ESTATUS_REGISTROS, *self.agregados)
        return (*sorted((e for e in todos if not e.sin_dato), key=lambda e: e.orden),
                *(e for e in todos if e.sin_dato))

    def reportables(self) -> tuple[Estatus, ...]:
        """Los que una JLE puede escribir (todos menos el comodín)."""
        return tuple(e for e in self.registros if not e.sin_dato)

    def nombres(self) -> tuple[str, ...]:
        return tuple(e.nombre for e in self.reportables())

    def claves(self) -> tuple[str, ...]:
        """Las claves de todo conteo por estatus, el comodín incluido."""
        return tuple(e.nombre for e in self.registros)

    @property
    def sin_estatus(self) -> Estatus:
        return next(e for e in self.registros if e.sin_dato)

    def registro(self, nombre: str) -> Estatus | None:
        return next((e for e in self.registros if e.nombre == nombre), None)

    def rangos(self) -> dict[str, int]:
        """Nombre → orden de avance («Sin estatus» por debajo de todo: recibir uno es avanzar)."""
        return {e.nombre: e.orden for e in self.registros}

    def terminales(self) -> tuple[str, ...]:
        return tuple(e.nombre for e in self.registros if e.terminal)

    def alias_estatus(self) -> dict[str, str]:
        """Forma normalizada → nombre canónico: los nombres, sus alias y los alias del proceso."""
        self._al_dia()
        return dict(self._indice)

    def unidos(self, otros: "Catalogos") -> "Catalogos":
        """Estos catálogos más los estatus agregados de `otros` que aquí no están (`diff` entre dos carpetas)."""
        faltan = tuple(e for e in otros.agregados if self.registro(e.nombre) is None)
        if not faltan:
            return self
        unidos = Catalogos(None, None, self.agregados + faltan)
        unidos._entidades, unidos._alias_estatus = self._entidades, {**otros._alias_estatus, **self._alias_estatus}
        return unidos

    def firma(self) -> str:
        """Cambia cuando cambian los alias o los estatus: lo leído con otros catálogos no vale en la caché."""
        return repr(sorted(self._entidades.items())) + repr(sorted(self._alias_estatus.items())) + repr(self.registros)


BASE = Catalogos()  # sin nada del proceso: para proceso.yaml mismo y para quien no tiene carpeta de datos


def buscar_entidad(texto: str) -> Entidad | None:
    """La entidad del catálogo base (nombre, abreviatura, clave o alias fijo); los de un proceso, con `Catalogos`."""
    return BASE.entidad(texto)


def buscar_estatus(texto: str) -> str | None:
    return BASE.estatus(texto)


@lru_cache(maxsize=1024)
def buscar_modalidad(texto: str) -> str | None:
    return alias_de(MODALIDADES_REGISTROS).get(normalizar(texto))


@lru_cache(maxsize=1024)
def buscar_tipo_tema(texto: str) -> str | None:
    return alias_de(TIPOS_TEMA_REGISTROS).get(normalizar(texto))


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


