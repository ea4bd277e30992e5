"""`informe diff`: cómo se movieron los acuerdos entre el corte de dos periodos.

Funciones puras sobre la historia (almacen.historia). El estatus de cada acuerdo
al corte de P1 y al de P2 da su «cambio»: nuevo, avance, retroceso, sin cambio
o desaparecido (lo conocía P1 y los datos de P2 ya no: pérdida de datos).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import catalogos as cat
from .almacen import DatosPeriodo, EstadoAcuerdo, historia

NUEVO = "nuevo"
DESAPARECIDO = "desaparecido"
FILAS = (NUEVO, *cat.ESTATUS, cat.SIN_ESTATUS)
COLUMNAS = (*cat.ESTATUS, cat.SIN_ESTATUS, DESAPARECIDO)
# Sin estatus está por debajo de todo: recibir uno es avanzar.
_RANGO = {cat.SIN_ESTATUS: -1, **cat.RANGO_ESTATUS}


@dataclass(slots=True)  # sin frozen: su __init__ es varias veces más lento y aquí se crean cientos de miles
class Movimiento:
    id: str
    entidad: str  # nombre corto
    descripcion: str
    periodo: str  # en que se tomó
    estatus_desde: str  # estatus al corte de P1, o «nuevo»
    estatus_hasta: str  # estatus al corte de P2, o «desaparecido»
    cambio: str  # nuevo | avance | retroceso | sin cambio | desaparecido
    periodos_sin_cambio: int  # informes transcurridos desde su último cambio de estatus (al corte de P2)

    def como_dict(self) -> dict:  # asdict() recorre a fondo y es diez veces más lento
        return {"id": self.id, "entidad": self.entidad, "descripcion": self.descripcion, "periodo": self.periodo,
                "estatus_desde": self.estatus_desde, "estatus_hasta": self.estatus_hasta, "cambio": self.cambio,
                "periodos_sin_cambio": self.periodos_sin_cambio}


def _estatus(e: EstadoAcuerdo | None) -> str | None:
    return None if e is None else (e.estatus or cat.SIN_ESTATUS)


def estados(periodos_desde: dict[str, DatosPeriodo], periodos_hasta: dict[str, DatosPeriodo], desde: str,
            hasta: str) -> tuple[dict[str, EstadoAcuerdo], dict[str, EstadoAcuerdo]]:
    """El estado de los acuerdos al corte de P1 y al de P2, leyendo la historia (sin índice)."""
    return historia(periodos_desde.values(), desde), historia(periodos_hasta.values(), hasta)


def movimientos(previos: dict[str, EstadoAcuerdo], despues: dict[str, EstadoAcuerdo], ids_periodo: list[str],
                hasta: str) -> list[Movimiento]:
    """Un movimiento por acuerdo conocido en P1 o en P2, en el orden del catálogo y por id.

    `previos` y `despues`: el estado al corte de P1 y al de P2 (del índice de la historia o de
    `estados`); `ids_periodo`: los periodos de los datos de P2 hasta P2, para contar los informes sin
    cambio de estatus."""
    antes = {i: _estatus(e) for i, e in previos.items()}
    indice = {p: i for i, p in enumerate(ids_periodo)}
    fin = indice[hasta]
    salida = []
    for id_ in set(antes) | set(despues):
        e_desde = antes.get(id_) or NUEVO
        d = despues.get(id_)
        if d is None:
            base = previos[id_]
            salida.append(Movimiento(id_, cat.POR_ABREVIATURA[base.entidad].corto, base.descripcion, base.periodo,
                                     e_desde, DESAPARECIDO, DESAPARECIDO, 0))
            continue
        e_hasta = d.estatus or cat.SIN_ESTATUS
        if e_desde == NUEVO:
            cambio = NUEVO
        elif _RANGO[e_hasta] > _RANGO[e_desde]:
            cambio = "avance"
        elif _RANGO[e_hasta] < _RANGO[e_desde]:
            cambio = "retroceso"
        else:
            cambio = "sin cambio"
        salida.append(Movimiento(id_, cat.POR_ABREVIATURA[d.entidad].corto, d.descripcion, d.periodo,
                                 e_desde, e_hasta, cambio, fin - indice.get(d.cambiado, fin)))
    salida.sort(key=lambda m: (_ORDEN_NOMBRE[m.entidad], m.id))
    return salida


_ORDEN_NOMBRE = {e.corto: i for i, e in enumerate(cat.ENTIDADES)}
# las listas del resultado, en el orden de la forma JSON documentada
LISTAS = ("avanzaron", "concluyeron", "retrocedieron", "sin_avance", "nuevos", "desaparecidos")


def matriz(movs: list[Movimiento]) -> dict[str, dict[str, int]]:
    """Filas: estatus en P1 (o «nuevo»); columnas: estatus en P2 (o «desaparecido»); con totales."""
    tabla = {f: {c: 0 for c in COLUMNAS} for f in FILAS}
    for m in movs:
        tabla[m.estatus_desde][m.estatus_hasta] += 1
    for f in FILAS:
        tabla[f]["Total"] = sum(tabla[f][c] for c in COLUMNAS)
    tabla["Total"] = {c: sum(tabla[f][c] for f in FILAS) for c in (*COLUMNAS, "Total")}
    return tabla


def comparar(previos: dict[str, EstadoAcuerdo], despues: dict[str, EstadoAcuerdo], ids_periodo: list[str],
             desde: str, hasta: str, entidades: list[str] | None = None, sin_avance: int = 3) -> dict:
    """Todo lo que muestra `informe diff`, en la forma JSON documentada."""
    movs = movimientos(previos, despues, ids_periodo, hasta)
    if entidades:
        nombres = {cat.POR_ABREVIATURA[e].corto for e in entidades}
        movs = [m for m in movs if m.entidad in nombres]
    por_entidad: dict[str, list[Movimiento]] = {}
    listas: dict[str, list[str]] = {k: [] for k in LISTAS}
    avanzaron, concluyeron, retrocedieron, sin_avanzar, nuevos, desaparecidos = listas.values()
    for m in movs:  # una pasada: son cientos de miles
        por_entidad.setdefault(m.entidad, []).append(m)
        if m.cambio == "avance":
            avanzaron.append(m.id)
        elif m.cambio == "retroceso":
            retrocedieron.append(m.id)
        elif m.cambio == NUEVO:
            nuevos.append(m.id)
        elif m.cambio == DESAPARECIDO:
            desaparecidos.append(m.id)
        if m.estatus_hasta == cat.CONCLUIDO and m.estatus_desde != cat.CONCLUIDO:
            concluyeron.append(m.id)
        if m.estatus_hasta not in (cat.CONCLUIDO, DESAPARECIDO) and m.periodos_sin_cambio >= sin_avance:
            sin_avanzar.append(m.id)

    return {
        "desde": desde,
        "hasta": hasta,
        "sin_avance_minimo": sin_avance,
        "total": len(movs),
        "matriz": matriz(movs),
        "por_entidad": {e: matriz(ms) for e, ms in por_entidad.items()},
        **listas,
        "acuerdos": [m.como_dict() for m in movs],
    }


def con_registros(resultado: dict) -> dict:
    """Para las plantillas: las listas de ids convertidas en los registros completos."""
    por_id = {m["id"]: m for m in resultado["acuerdos"]}
    return {**resultado, **{k: [por_id[i] for i in resultado[k]] for k in LISTAS}}


def csv_texto(resultado: dict) -> str:
    import csv
    import io

    salida = io.StringIO()
    w = csv.writer(salida, lineterminator="\n")
    w.writerow(["id", "entidad", "descripcion", "estatus_desde", "estatus_hasta", "cambio"])
    for m in resultado["acuerdos"]:
        w.writerow([celda_segura(m[k]) for k in ("id", "entidad", "descripcion", "estatus_desde", "estatus_hasta",
                                                  "cambio")])
    # con BOM, Excel abre el archivo como UTF-8 y muestra bien los acentos
    return "\ufeff" + salida.getvalue()


def celda_segura(valor) -> object:
    """Una celda que una hoja de cálculo no ejecuta: `=HYPERLINK(…)`, `+`, `-`, `@` van precedidos de «'»."""
    if isinstance(valor, str) and valor[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + valor
    return valor


def markdown(resultado: dict, numero_anexo: int = 3) -> str:
    """El anexo de cambios de estatus en Markdown, como lo lleva el informe con --incluir-diff."""
    from ..renderizar import Numerador, entorno

    plantilla = entorno().get_template("diff.md.j2")
    return plantilla.render(d=con_registros(resultado), numero_anexo=numero_anexo, num=Numerador()).strip() + "\n"
