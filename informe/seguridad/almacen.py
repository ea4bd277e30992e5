"""Los datos de la familia de seguridad: qué archivos forman cada periodo y la historia de los acuerdos.

```
datos/
  proceso.yaml
  2024-05/periodo.yaml  2024-05/federal.yaml  2024-05/jle/<entidad>.yaml
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from ..almacen import ids_de_periodo, nombre_visible
from ..cargar import Carga
from . import FAMILIA
from .modelo import Federal, InformeJLE, Mesa, Periodo, Proceso


# ---- cómo se lee un archivo de la familia (las partes de `FAMILIA.lectura`)

def tipo_de_archivo(ruta: Path) -> str:
    nombre = ruta.name.lower()
    for tipo in ("periodo", "federal", "proceso"):
        if nombre in (f"{tipo}.yaml", f"{tipo}.yml"):
            return tipo
    return "jle"


def cargar_bytes(datos: bytes, ruta: Path, nombre: str, tipo: str, contexto=None) -> Carga:
    from ..cargar import cargar_yaml

    return cargar_yaml(datos, ruta, nombre, tipo, interpretar,
                       "Empiece el archivo con «entidad: …» (vea `informe plantilla`).", contexto)


def interpretar(raiz, lector, tipo: str, ruta: Path):
    """El registro de un archivo de la familia según su tipo (`tipo_de_archivo`)."""
    from ..cargar import periodo_de_carpeta
    from . import catalogos as cat
    from .lectura import leer_jle
    from .lectura_periodo import leer_federal, leer_periodo, leer_proceso

    if tipo == "jle":
        return leer_jle(raiz, lector)
    if tipo == "periodo":
        return leer_periodo(raiz, lector, periodo_de_carpeta(ruta))
    if tipo == "federal":
        return leer_federal(raiz, lector, periodo_de_carpeta(ruta))
    lector.contexto = cat.BASE  # los alias de proceso.yaml se validan contra los catálogos de base
    return leer_proceso(raiz, lector)


def _modelo() -> tuple[type, ...]:
    import dataclasses

    from . import modelo

    return tuple(c for c in vars(modelo).values() if isinstance(c, type) and dataclasses.is_dataclass(c))


CLASES = _modelo()  # el modelo: las dataclasses de `modelo.py`, lo que la caché puede reconstruir


@lru_cache(maxsize=1)
def filas_cache() -> dict:
    """La historia son cientos de miles de acuerdos: InformeJLE viaja en la caché como fila posicional,
    derivada de sus campos (un campo nuevo del modelo llega a la caché sin tocar nada aquí)."""
    from ..filas import derivar
    from .modelo import InformeJLE

    return {"InformeJLE": ("J", *derivar(InformeJLE))}


def contexto_de_validacion(archivos: list[Path], datos: Path | None):
    # Los alias del proceso valen para todo lo que se valida: proceso.yaml de --datos, o el que venga entre los archivos.
    procesos = [r for r in archivos if r.name in ("proceso.yaml", "proceso.yml")]
    return catalogos_de(procesos[0].parent if procesos else datos)


def cargar_archivo(ruta: Path, nombre: str | None = None):
    """Un archivo de la familia de seguridad, con caché (atajo de `FAMILIA.cargar`)."""
    return FAMILIA.cargar(ruta, nombre)


def catalogos_del_proceso(proceso: Proceso | None):
    """Los catálogos con lo que agrega un proceso, alias y estatus (o los de base, sin proceso)."""
    from . import catalogos as cat

    if not isinstance(proceso, Proceso) or not (proceso.alias_entidades or proceso.alias_estatus
                                                 or proceso.estatus_agregados):
        return cat.BASE
    return cat.Catalogos(proceso.alias_entidades, proceso.alias_estatus, proceso.estatus_agregados)


def cargar_proceso(raiz: Path | None) -> Proceso | None:
    """El proceso.yaml de `raiz`, leído con los catálogos de base (sus alias se validan contra ellos)."""
    registro = FAMILIA.leer_proceso(raiz)
    return registro if isinstance(registro, Proceso) else None


def catalogos_de(raiz: Path | None):
    """Los catálogos con los alias del proceso.yaml de `raiz` (sin carpeta: los de base)."""
    return catalogos_del_proceso(cargar_proceso(raiz))


def numero_de_periodo(datos: Path, periodo: str) -> int | None:
    return getattr(periodo_de(datos, periodo), "numero", None)


@dataclass(slots=True)
class DatosPeriodo:
    id: str
    periodo: Periodo | None = None
    federal: Federal | None = None
    jle: dict[str, InformeJLE] = field(default_factory=dict)  # abreviatura → informe


@dataclass(slots=True)
class Datos:
    raiz: Path
    proceso: Proceso | None
    periodos: dict[str, DatosPeriodo]  # en orden cronológico
    cargas: list[Carga]


# La forma de la carpeta de datos, en un solo lugar:
#   <datos>/<AAAA-MM>/periodo.yaml, federal.yaml, jle/<entidad>.yaml, rechazados/, acuses/, textos/
def slug(abreviatura: str) -> str:
    """El nombre de archivo de una entidad: «Estado de México» → «estado-de-mexico»."""
    from . import catalogos as cat

    return cat.normalizar(cat.POR_ABREVIATURA[abreviatura].corto).replace(" ", "-")


def carpeta_jle(raiz: Path, periodo: str) -> Path:
    return raiz / periodo / "jle"


def ruta_jle(raiz: Path, periodo: str, abreviatura: str) -> Path:
    return carpeta_jle(raiz, periodo) / f"{slug(abreviatura)}.yaml"


def periodo_de(raiz: Path, periodo: str):
    """El registro de `<raiz>/<periodo>/periodo.yaml`, o None si no existe o no se puede leer."""
    ruta = raiz / periodo / "periodo.yaml"
    return FAMILIA.cargar(ruta, contexto=catalogos_de(raiz)).registro if ruta.is_file() else None


def carpeta_rechazados(raiz: Path, periodo: str) -> Path:
    return raiz / periodo / "rechazados"


def carpeta_acuses(raiz: Path, periodo: str) -> Path:
    return raiz / periodo / "acuses"


def archivos_jle(raiz: Path, periodo: str) -> list[Path]:
    jle = carpeta_jle(raiz, periodo)
    return sorted(p for p in jle.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()) if jle.is_dir() else []


def archivos_de_periodo(raiz: Path, periodo: str) -> list[Path]:
    carpeta = raiz / periodo
    archivos = [carpeta / f"{n}.yaml" for n in ("periodo", "federal") if (carpeta / f"{n}.yaml").is_file()]
    return archivos + archivos_jle(raiz, periodo)


def cargar_datos(raiz: Path, hasta: str | None = None, cargas_previas: dict[Path, Carga] | None = None,
                 jle_desde: str | None = None) -> Datos:
    """Carga los periodos hasta `hasta` (inclusive). `cargas_previas` evita leer dos veces un archivo.
    Con `jle_desde`, los informes de JLE de los periodos anteriores no se leen (los da el índice de la
    historia): solo su periodo.yaml y federal.yaml."""
    cargas: list[Carga] = []
    previas = cargas_previas or {}

    from . import catalogos as cat

    proceso, catalogos = None, cat.BASE  # proceso.yaml se lee con los de base; lo demás, con sus alias

    def cargar(ruta: Path) -> Carga:
        carga = FAMILIA.cargar_o_leer(ruta, previas, catalogos)
        cargas.append(carga)
        return carga

    if (raiz / "proceso.yaml").is_file():
        registro = cargar(raiz / "proceso.yaml").registro
        proceso = registro if isinstance(registro, Proceso) else None
    catalogos = catalogos_del_proceso(proceso)  # los archivos de los periodos pueden usar sus alias
    periodos: dict[str, DatosPeriodo] = {}
    for pid in ids_de_periodo(raiz):
        if hasta is not None and pid > hasta:
            break
        dp = DatosPeriodo(pid)
        for ruta in archivos_de_periodo(raiz, pid):
            if jle_desde is not None and pid < jle_desde and ruta.parent == carpeta_jle(raiz, pid):
                continue
            agregar_carga(dp, cargar(ruta))
        periodos[pid] = dp
    return Datos(raiz, proceso, periodos, cargas)


def agregar_carga(dp: DatosPeriodo, carga: Carga) -> None:
    """Un archivo leído, en su lugar del periodo. Con dos informes de una entidad vale el primero
    (validar reporta el duplicado); el índice de la historia junta los periodos con esta misma función."""
    if carga.registro is None:
        return
    if carga.tipo == "periodo":
        dp.periodo = carga.registro  # type: ignore[assignment]
    elif carga.tipo == "federal":
        dp.federal = carga.registro  # type: ignore[assignment]
    elif carga.tipo == "jle":
        informe: InformeJLE = carga.registro  # type: ignore[assignment]
        dp.jle.setdefault(informe.entidad, informe)


@dataclass(slots=True)
class EstadoAcuerdo:
    id: str
    entidad: str
    periodo: str  # periodo en que se tomó
    descripcion: str
    estatus: str | None
    actualizado: str  # último periodo que reportó su estatus (aunque no cambiara)
    cambiado: str  # último periodo en que su estatus cambió


def recorrer(periodos: Iterable[DatosPeriodo]) -> Iterator[tuple[DatosPeriodo, dict[str, EstadoAcuerdo]]]:
    """Recorre los periodos en orden y entrega cada uno con el estado de los acuerdos *antes* de aplicarlo.

    Una sola pasada lineal: quien necesita el estado al corte de varios periodos
    (validar todo `datos/`, `diff`) no recalcula la historia para cada uno.
    """
    estados: dict[str, EstadoAcuerdo] = {}
    for dp in sorted(periodos, key=lambda d: d.id):
        yield dp, estados
        aplicar(estados, dp)


def aplicar(estados: dict[str, EstadoAcuerdo], dp: DatosPeriodo) -> None:
    """Altas del periodo y seguimiento de los anteriores."""
    for informe in dp.jle.values():
        for s in informe.seguimiento:
            e = estados.get(s.acuerdo)
            if e is None or e.entidad != informe.entidad:
                continue  # validar lo reporta; aquí no se inventa
            if s.estatus != e.estatus:
                e.cambiado = dp.id
            e.estatus = s.estatus
            e.actualizado = dp.id
        for a in informe.acuerdos:
            estados[a.id] = EstadoAcuerdo(a.id, informe.entidad, dp.id, a.descripcion, a.estatus, dp.id, dp.id)


@dataclass(slots=True)
class Corte:
    """Lo que los periodos siguientes necesitan de la historia de JLE hasta un corte (lo que guarda el
    índice de la historia, `indice.py`, y lo que `corte_de` calcula leyendo)."""
    estados: dict[str, EstadoAcuerdo]  # todos, o los que se pidieron al índice
    mesas: dict[str, Mesa] = field(default_factory=dict)  # última instalación reportada (abreviatura → mesa)
    con_filas: set[str] = field(default_factory=set)  # periodos en que alguna JLE reportó filas de acuerdos


def avanzar(corte: Corte, dp: DatosPeriodo) -> None:
    """El corte de un periodo a partir del anterior: sus altas y seguimiento, la instalación de mesa que
    reporta cada JLE (sustituye a la anterior) y si trae filas de acuerdos."""
    aplicar(corte.estados, dp)
    actualizar_mesas(corte.mesas, dp)
    if any(i.acuerdos_reportados for i in dp.jle.values()):
        corte.con_filas.add(dp.id)


def actualizar_mesas(mesas: dict[str, Mesa], dp: DatosPeriodo) -> None:
    """Lo que un periodo reporta de la instalación de cada mesa sustituye a lo anterior."""
    for abreviatura, informe in dp.jle.items():
        if informe.mesa is not None:
            mesas[abreviatura] = informe.mesa


def corte_de(periodos: Iterable[DatosPeriodo], hasta: str, incluido: bool = True) -> Corte:
    """El corte al final de `hasta` (con `incluido=False`, justo antes de él), leyendo los periodos."""
    corte = Corte({})
    for dp in sorted(periodos, key=lambda d: d.id):
        if dp.id > hasta or (dp.id == hasta and not incluido):
            break
        avanzar(corte, dp)
    return corte


def historia(periodos: Iterable[DatosPeriodo], hasta: str) -> dict[str, EstadoAcuerdo]:
    """Estatus de cada acuerdo al corte de `hasta` (inclusive)."""
    estados: dict[str, EstadoAcuerdo] = {}
    for dp in sorted(periodos, key=lambda d: d.id):
        if dp.id > hasta:
            break
        aplicar(estados, dp)
    return estados


