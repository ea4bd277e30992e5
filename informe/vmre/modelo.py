"""El modelo de la familia VMRE: un corte mensual de las Solicitudes de Inscripción en la
LNE-Extranjero y las actividades del periodo.

Las tablas estadísticas llegan como CSV (lo que exportan los sistemas de la DERFE); el corte, las
actividades y el glosario, como YAML. Una celda vacía es «sin dato», nunca cero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Las tablas por entidad (recibidas y las que cumplen requisitos): columna → grupo del desglose.
COLUMNAS_ENTIDAD = ("ENTIDAD", "TOTAL", "INETEL", "SRVE", "EXTRANJERO", "NACIONAL", "ELECTRONICA", "POSTAL",
                    "PRESENCIAL", "HOMBRES", "MUJERES", "EDAD_PROMEDIO")
# Cada desglose de una fila suma su TOTAL.
DESGLOSES: dict[str, tuple[str, ...]] = {
    "medio de registro": ("INETEL", "SRVE"),
    "tipo de credencial": ("EXTRANJERO", "NACIONAL"),
    "modalidad de votación": ("ELECTRONICA", "POSTAL", "PRESENCIAL"),
    "sexo": ("HOMBRES", "MUJERES"),
}


@dataclass(slots=True)
class Fila:
    etiqueta: str  # la clave de la fila: nombre corto de la entidad, país, servicio, resultado…
    valores: dict[str, object]  # columna → cifra, texto o fecha (None: celda vacía)
    linea: int
    columnas: dict[str, int]  # columna → columna de caracteres en el archivo, para ubicar problemas
    decimal: float | None = None  # EDAD_PROMEDIO
    grupo: str | None = None  # en llamadas: la campaña
    total: bool = False  # la fila TOTAL


@dataclass(slots=True)
class Tabla:
    archivo: str
    tipo: str
    columnas: list[str]
    filas: list[Fila]  # sin la fila TOTAL
    totales: list[Fila] = field(default_factory=list)  # la fila TOTAL (una por grupo en llamadas)
    encabezado: int = 1  # línea del encabezado
    posiciones: dict[str, int | None] = field(default_factory=dict)  # columna → su celda en el encabezado


@dataclass(slots=True)
class Actividad:
    seccion: str
    fecha: date | None
    titulo: str
    descripcion: str | None
    linea: int


@dataclass(slots=True)
class Corte:
    archivo: str
    id: str  # AAAA-MM: el mes en que se presenta
    inicio: date
    fin: date
    corte: date  # fecha de corte de las cifras de solicitudes
    presentado: date | None
    publicado: dict[str, int]  # cifras publicadas que no salen de las tablas (análisis jurídico…)
    actividades: list[Actividad]
    ficticio: bool = False  # un corte de ejemplo: el informe lo dice en la portada
    lineas: dict[str, int] = field(default_factory=dict)  # clave (o «publicado.clave») → su línea
    columnas: dict[str, int] = field(default_factory=dict)  # «publicado.clave» → su columna
    discrepancias: dict[str, str] = field(default_factory=dict)  # cifra publicada → por qué difiere de las tablas
    lapsos: dict[str, dict[str, date]] = field(default_factory=dict)  # cifra publicada → {desde, hasta} que da la fuente
    # erratas del publicado que las tablas corrigen: {archivo, tipo, publicado, corregido, linea, columna}
    erratas: list[dict] = field(default_factory=list)


@dataclass(slots=True)
class ProcesoVmre:
    archivo: str
    nombre: str
    institucion: str
    area: str
    siglas: dict[str, str]
    textos: dict[str, str] = field(default_factory=dict)
    glosario: dict[str, str] = field(default_factory=dict)  # términos de la sección de promoción
    voto_local: list[str] = field(default_factory=list)  # entidades con voto desde el extranjero en sus PEL
    # código → (severidad, línea, columna de la clave, del valor), tal como se escribió (informe/reglas.py la valida)
    severidades: dict[str, tuple[str, int, int, int]] = field(default_factory=dict)
