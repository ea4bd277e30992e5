"""Registros tipados que salen de la carga y entran a la agregación.

`None` significa «no reportado» en todo el modelo: nunca se confunde con 0 ni
con una lista vacía.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

# Un estatus que agrega proceso.yaml viaja en `Proceso` (y en la caché, que reconstruye las clases del modelo)
from .catalogos import Estatus  # noqa: F401

# Solo ASCII y hasta el final exacto: «\d» aceptaría dígitos de ancho completo y «$» un «\n» final,
# y una carpeta de periodo se llamaría así. El consecutivo tiene de 3 a 6 cifras (un millón de acuerdos por
# entidad y mes): con miles de cifras `int()` falla (tope de 4300) y el id no sería de nadie.
PATRON_ID = re.compile(r"\A([A-Z]+)-([0-9]{4}-[0-9]{2})-([0-9]{3,6})\Z")


def formar_id(abreviatura: str, periodo: str, numero: int) -> str:
    return f"{abreviatura}-{periodo}-{numero:03d}"


@dataclass(slots=True)
class Tema:
    tipo: str
    descripcion: str | None
    linea: int


@dataclass(slots=True)
class Reunion:
    fecha: date
    modalidad: str | None
    asistentes: int | None
    temas: list[Tema] | None
    linea: int


@dataclass(slots=True)
class Acuerdo:
    id: str
    descripcion: str
    estatus: str | None
    fecha: date | None
    linea: int
    id_explicito: bool = True  # False: el id se derivó al cargar y aún no está escrito en el archivo
    estatus_publicado: str | None = None  # la palabra de la fuente fuera del catálogo («Se informa»)
    # los campos que solo declara `formato.py` (`formato.campos_propios`): nombre → valor (una fecha, en ISO)
    propios: dict[str, str | int | None] = field(default_factory=dict)


@dataclass(slots=True)
class Seguimiento:
    acuerdo: str
    estatus: str
    linea: int


@dataclass(slots=True)
class Medida:
    descripcion: str
    estatus: str | None
    linea: int
    estatus_publicado: str | None = None  # la palabra de la fuente fuera del catálogo («Se informa»)


@dataclass(slots=True)
class Mesa:
    instalada: date | None  # None: la JLE aún no se incorpora a la mesa de su entidad
    linea: int


@dataclass(slots=True)
class InformeJLE:
    archivo: str
    entidad: str  # abreviatura canónica del catálogo
    periodo: str
    mesa: Mesa | None = None
    reuniones: list[Reunion] | None = None
    acuerdos: list[Acuerdo] = field(default_factory=list)
    acuerdos_reportados: bool = False  # sin la clave «acuerdos» el archivo no dice cuántos hubo: no es 0
    seguimiento: list[Seguimiento] = field(default_factory=list)
    medidas: list[Medida] | None = None
    lineas: dict[str, int] = field(default_factory=dict)  # línea de cada clave de la raíz


@dataclass(slots=True)
class Publicado:
    """Cifras estatales que un informe publicó solo en agregado (sin filas por entidad).

    Se presentan igual que las calculadas; si además hay filas, `validar` exige que cuadren.
    Cada campo en `None` es «no reportado».
    """
    linea: int
    reuniones: int | None = None
    entidades: int | None = None
    asistentes_min: int | None = None
    asistentes_max: int | None = None
    temas: dict[str, float] | None = None  # tipo → porcentaje publicado
    acuerdos: dict[str, int] | None = None  # estatus → acuerdos del periodo
    jle_incorporadas: int | None = None
    jle_no_incorporadas: list[str] | None = None  # abreviaturas
    tardias: list[dict] = field(default_factory=list)  # {entidad, fecha, reportada}
    lineas: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class Periodo:
    archivo: str
    id: str
    numero: int
    inicio: date
    fin: date
    ultimo: bool = False
    saldo_anterior: dict[str, int] | None = None
    supuestos: list[str] = field(default_factory=list)
    # corte de la información de las JLE, si es anterior al fin del periodo (el Quinto: 19 de abril)
    corte_estatal: date | None = None
    # entre qué fechas se tomaron los acuerdos que cubre saldo_anterior
    saldo_desde: date | None = None
    saldo_hasta: date | None = None
    publicado: Publicado | None = None
    # "jle": cada una de las 32 JLE envía su archivo y `compilar` las espera; "anexos": el periodo se
    # reconstruyó de los anexos de un informe publicado y no hay entrega que esperar (se compila como el
    # anexo que se publicó); "informe": reconstruido de un informe publicado completo (el Quinto)
    origen: str = "jle"
    # las fechas de inicio y fin no constan en ninguna fuente: se suponen y el informe no las imprime
    fechas_supuestas: bool = False
    correcciones: list[str] = field(default_factory=list)  # lo que la fuente publicada necesitó corregir
    linea: int = 1
    # la línea «Fuente:» bajo las gráficas y tablas del informe, si el periodo la declara (el Quinto la
    # publica); sin ella, ni la del proceso, el informe no pone ninguna: la plantilla no la supone
    fuente: str | None = None
    # nombre corto → el nombre de la entidad como lo imprime el documento publicado del periodo, si difiere
    # («Coahuila de Zaragoza» en el anexo del Sexto): su anexo lo imprime así
    entidades_publicadas: dict[str, str] = field(default_factory=dict)


ORIGENES = ("jle", "anexos", "informe")


@dataclass(slots=True)
class ReunionFederal:
    fecha: date
    nombre: str
    puntos: list[str]
    resumen: str | None
    linea: int  # de su fecha
    columna: int | None = None
    # la fecha publicada era errónea: {"publicada": date, "motivo": str}; `fecha` es la corregida
    correccion: dict | None = None


@dataclass(slots=True)
class Solicitudes:
    recibidas: int | None
    sspc: int | None
    opl: int | None


@dataclass(slots=True)
class Federal:
    archivo: str
    periodo: str
    reuniones: list[ReunionFederal] | None
    solicitudes: Solicitudes | None
    # reuniones del año tal como las lista un anexo (el Séptimo informe trae las 14 de 2024)
    historico: list[ReunionFederal] | None = None
    # el esqueleto que escribe `periodo nuevo` (`pendiente: true`): la DEOE aún no entrega su parte
    pendiente: bool = False
    # el nombre de la Mesa como lo da la fuente («Jornada Electoral 2024»): el anexo lo lleva en su título
    mesa: str | None = None


@dataclass(slots=True)
class Proceso:
    archivo: str
    nombre: str
    institucion: str
    area: str
    textos: dict[str, str] = field(default_factory=dict)
    alias_entidades: dict[str, str] = field(default_factory=dict)  # alias → abreviatura
    alias_estatus: dict[str, str] = field(default_factory=dict)  # alias → estatus canónico
    estatus_agregados: tuple[Estatus, ...] = ()  # los estatus que el proceso agrega al catálogo
    # código → (severidad, línea, columna de la clave, del valor), tal como se escribió (informe/reglas.py la valida)
    severidades: dict[str, tuple[str, int, int, int]] = field(default_factory=dict)
    fuente: str | None = None  # la línea «Fuente:» de todos sus periodos (un periodo puede declarar la suya)
