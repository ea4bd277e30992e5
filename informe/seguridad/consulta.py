"""`informe acuerdos`: la pregunta diaria del analista («¿qué sigue pendiente en Guerrero?»).

Funciones puras sobre los periodos ya cargados: cada acuerdo con su estatus al corte pedido y la
historia de estatus que reportó su JLE, filtrado por entidad, estatus y texto.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from . import catalogos as cat
from .almacen import DatosPeriodo
from .catalogos import SIN_ESTATUS

# Las columnas de la consulta, una sola vez: su clave (JSON, CSV), su encabezado (la hoja) y su ancho en la
# hoja. Los campos propios de un acuerdo (`formato.campos_propios`) siguen, cada uno con su etiqueta.
FIJAS = (("id", "Identificador", 18), ("entidad", "Entidad", 18), ("tomado", "Periodo en que se tomó", 12),
         ("estatus", "Estatus", 12), ("actualizado", "Último reporte", 12), ("historia", "Historia de estatus", 36),
         ("descripcion", "Acuerdo", 90))


def columnas() -> tuple[tuple[str, str, int], ...]:
    """(clave, encabezado, ancho) de cada columna, en orden: las fijas y las de los campos propios."""
    from .formato import campos_propios

    return FIJAS + tuple((c.nombre, c.etiqueta or c.nombre, 24) for c in campos_propios())


@dataclass(slots=True)
class FilaAcuerdo:
    id: str
    entidad: str  # abreviatura
    tomado: str  # periodo en que se tomó
    descripcion: str
    estatus: str | None  # al corte pedido
    historia: list[tuple[str, str | None]] = field(default_factory=list)  # (periodo, estatus reportado)
    propios: dict[str, str | int | None] = field(default_factory=dict)  # los campos propios del acuerdo

    @property
    def actualizado(self) -> str:
        return self.historia[-1][0]

    def como_dict(self) -> dict:
        return {"id": self.id, "entidad": cat.POR_ABREVIATURA[self.entidad].corto, "tomado": self.tomado,
                "estatus": self.estatus or SIN_ESTATUS, "actualizado": self.actualizado,
                "historia": [{"periodo": p, "estatus": e or SIN_ESTATUS} for p, e in self.historia],
                "descripcion": self.descripcion, **{c: self.propios.get(c) for c, _, _ in columnas()[len(FIJAS):]}}

    def celdas(self) -> list:
        """Sus valores en el orden de `columnas()`, la historia en una línea (CSV y hoja de cálculo)."""
        d = self.como_dict()
        return [historia_texto(self) if clave == "historia" else d[clave] for clave, _, _ in columnas()]


def acuerdos(periodos: Iterable[DatosPeriodo], hasta: str) -> list[FilaAcuerdo]:
    """Todos los acuerdos tomados hasta el corte `hasta`, con su historia, en orden de entidad e id."""
    filas: dict[str, FilaAcuerdo] = {}
    for dp in sorted(periodos, key=lambda d: d.id):
        if dp.id > hasta:
            break
        for informe in dp.jle.values():
            for s in informe.seguimiento:
                fila = filas.get(s.acuerdo)
                if fila is None or fila.entidad != informe.entidad:
                    continue  # validar lo reporta (seguimiento-desconocido); aquí no se inventa
                fila.estatus = s.estatus
                fila.historia.append((dp.id, s.estatus))
            for a in informe.acuerdos:
                filas[a.id] = FilaAcuerdo(a.id, informe.entidad, dp.id, a.descripcion, a.estatus, [(dp.id, a.estatus)],
                                          dict(a.propios))
    return sorted(filas.values(), key=lambda f: (cat.ORDEN_ENTIDAD[f.entidad], f.id))


def filtrar(filas: list[FilaAcuerdo], entidades: Iterable[str] = (), estatus: Iterable[str] = (),
            buscar: str | None = None) -> list[FilaAcuerdo]:
    """Entidades por abreviatura, estatus canónicos («Sin estatus» incluido); `buscar` en id y texto,
    sin acentos ni mayúsculas."""
    entidades, estatus = set(entidades), set(estatus)
    clave = cat.normalizar(buscar) if buscar else None
    return [f for f in filas
            if (not entidades or f.entidad in entidades)
            and (not estatus or (f.estatus or SIN_ESTATUS) in estatus)
            and (clave is None or clave in cat.normalizar(f"{f.id} {f.descripcion}"))]


def estatus_buscados(texto: str, catalogos: cat.Catalogos | None = None) -> list[str] | None:
    """Lo que pide `--estatus`: un estatus del catálogo, «Sin estatus» o «pendientes» (todo lo que no es
    terminal, «Sin estatus» incluido), sin importar acentos ni mayúsculas; None si no es ninguno."""
    catalogos = catalogos or cat.BASE
    clave = cat.normalizar(texto)
    if clave in ("pendiente", "pendientes"):
        return [e.nombre for e in catalogos.registros if not e.terminal]
    if clave == cat.normalizar(catalogos.sin_estatus.nombre):
        return [catalogos.sin_estatus.nombre]
    encontrado = catalogos.estatus(texto)
    return [encontrado] if encontrado else None


def opciones_de_estatus(catalogos: cat.Catalogos | None = None) -> str:
    """Lo que `--estatus` acepta, para el mensaje de un estatus desconocido."""
    catalogos = catalogos or cat.BASE
    return ", ".join((*catalogos.nombres(), f"«{catalogos.sin_estatus.nombre}»")) + " o pendientes"


def historia_texto(fila: FilaAcuerdo) -> str:
    """«2024-04 Planeación → 2024-05 En proceso»: solo los cortes en que el estatus cambió."""
    pasos: list[tuple[str, str | None]] = []
    for periodo, estatus in fila.historia:
        if not pasos or pasos[-1][1] != estatus:
            pasos.append((periodo, estatus))
    return " → ".join(f"{p} {e or SIN_ESTATUS}" for p, e in pasos)


def csv_texto(filas: list[FilaAcuerdo]) -> str:
    import csv
    import io

    from ..mostrar import celda_segura

    salida = io.StringIO()
    w = csv.writer(salida, lineterminator="\n")
    w.writerow([clave for clave, _, _ in columnas()])
    for f in filas:
        w.writerow([celda_segura(v) for v in f.celdas()])
    return "\ufeff" + salida.getvalue()  # con BOM, Excel muestra los acentos


def xlsx_bytes(filas: list[FilaAcuerdo], titulo: str) -> bytes:
    """Una hoja con encabezado fijo y filtros; los textos van como texto (openpyxl no evalúa nada, y una
    celda que empieza con «=» se escribe con tipo cadena para que Excel tampoco la tome por fórmula)."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from ..archivos import FECHA_ZIP, zip_determinista

    libro = Workbook()
    hoja = libro.active
    hoja.title = "Acuerdos"
    from openpyxl.utils import get_column_letter

    hoja.append([encabezado for _, encabezado, _ in columnas()])
    for celda in hoja[1]:
        celda.font = Font(bold=True)
    from ..mostrar import visible

    for f in filas:
        # un control (ESC, NUL) no cabe en el XML de la hoja (openpyxl se niega): se escribe visible, \x1b
        hoja.append([visible(v) if isinstance(v, str) and not v.isprintable() else v for v in f.celdas()])
    acuerdo = [clave for clave, _, _ in columnas()].index("descripcion")
    for fila in hoja.iter_rows(min_row=2):
        for celda in fila:
            celda.data_type = "s"  # texto siempre: «=HYPERLINK(…)» en un acuerdo es un dato, no una fórmula
        fila[acuerdo].alignment = Alignment(wrap_text=True, vertical="top")
    for i, (_, _, ancho) in enumerate(columnas(), 1):
        hoja.column_dimensions[get_column_letter(i)].width = ancho
    hoja.freeze_panes = "A2"
    hoja.auto_filter.ref = hoja.dimensions
    # mismos datos, mismos bytes: sin la hora de esta corrida en las propiedades ni en el zip
    from datetime import datetime

    fecha = datetime(*FECHA_ZIP)
    libro.properties.created = libro.properties.modified = fecha
    libro.properties.title = titulo
    libro.properties.creator = "informe"
    memoria = io.BytesIO()
    libro.save(memoria)
    # openpyxl sella «modified» con la hora de guardar, pase lo que pase antes: se reescribe
    import re

    fija = fecha.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    sello = lambda xml: re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",  # noqa: E731
                               rb"\g<1>" + fija + rb"\g<2>", xml)
    return zip_determinista(memoria.getvalue(), {"docProps/core.xml": sello})
