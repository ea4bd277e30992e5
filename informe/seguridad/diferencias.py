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


def estados(periodos_desde: dict[str, DatosPeriodo], periodos_hasta: dict[str, DatosPeriodo], desde: str,
            hasta: str) -> tuple[dict[str, EstadoAcuerdo], dict[str, EstadoAcuerdo]]:
    """El estado de los acuerdos al corte de P1 y al de P2, leyendo la historia (sin índice)."""
    return historia(periodos_desde.values(), desde), historia(periodos_hasta.values(), hasta)


def _cambio(desde: str, hasta: str) -> str:
    if desde == NUEVO:
        return NUEVO
    if hasta == DESAPARECIDO:
        return DESAPARECIDO
    if _RANGO[hasta] > _RANGO[desde]:
        return "avance"
    return "retroceso" if _RANGO[hasta] < _RANGO[desde] else "sin cambio"


_ORDEN_NOMBRE = {e.corto: i for i, e in enumerate(cat.ENTIDADES)}
# las listas del resultado, en el orden de la forma JSON documentada
LISTAS = ("avanzaron", "concluyeron", "retrocedieron", "sin_avance", "nuevos", "desaparecidos")


class IndiceDanado(ValueError):
    """Lo que devolvió la relación no es lo que el índice escribe: quien llama lee la historia."""


def matriz(conteos) -> dict[str, dict[str, int]]:
    """Filas: estatus en P1 (o «nuevo»); columnas: estatus en P2 (o «desaparecido»); con totales.
    `conteos`: (estatus en P1, estatus en P2, acuerdos)."""
    tabla = {f: {c: 0 for c in COLUMNAS} for f in FILAS}
    for desde, hasta, n in conteos:
        tabla[desde][hasta] += n
    for f in FILAS:
        tabla[f]["Total"] = sum(tabla[f][c] for c in COLUMNAS)
    tabla["Total"] = {c: sum(tabla[f][c] for f in FILAS) for c in (*COLUMNAS, "Total")}
    return tabla


def comparar(conexion, relacion: str, conteo: str, parametros: dict, ids_periodo: list[str], desde: str, hasta: str,
             entidades: list[str] | None = None, sin_avance: int = 3, todos: bool = False) -> dict:
    """Todo lo que muestra `informe diff`, en la forma JSON documentada.

    `relacion`: SQL con una fila por acuerdo conocido en P1 o en P2 (id, entidad, descripcion, periodo,
    desde, hasta, cambiado), del índice de la historia o de una base en memoria (`indice.entre_cortes`,
    `indice.en_memoria`), y `conteo`, cuántos hay de cada (entidad, desde, hasta, n); `ids_periodo`: los
    periodos de los datos de P2 hasta P2, para contar los informes sin cambio de estatus. La matriz cuenta
    todos los acuerdos en SQL; a Python solo llegan los de alguna lista (cambiaron, se concluyeron, siguen
    sin avance, son nuevos o desaparecieron), o todos con `todos`: con 24 periodos de historia son decenas
    de miles de un cuarto de millón."""
    indice = {p: i for i, p in enumerate(ids_periodo)}
    fin = indice[hasta]
    filtro, parametros = "1", {**parametros, "nuevo": NUEVO, "sin": cat.SIN_ESTATUS, "desaparecido": DESAPARECIDO,
                                "concluido": cat.CONCLUIDO}
    if entidades:
        parametros.update({f"e{i}": e for i, e in enumerate(entidades)})
        filtro = f"entidad IN ({', '.join(f':e{i}' for i in range(len(entidades)))})"
    conteos: dict[str, list[tuple[str, str, int]]] = {}
    for entidad, e_desde, e_hasta, n in conexion.execute(
            f"SELECT entidad, desde, hasta, sum(n) FROM ({conteo}) WHERE {filtro} GROUP BY 1, 2, 3", parametros):
        if entidad not in cat.POR_ABREVIATURA or e_desde not in FILAS or e_hasta not in COLUMNAS or type(n) is not int:
            raise IndiceDanado(entidad)
        conteos.setdefault(cat.POR_ABREVIATURA[entidad].corto, []).append((e_desde, e_hasta, n))
    # sin avance: estatus sin cambio desde hace `sin_avance` informes o más, es decir, desde el periodo
    # `limite` o antes (los periodos se ordenan como texto); Python confirma con el conteo exacto. «IS NOT»
    # y no «!=»: una fila dañada (NULL) también llega a Python, que la rechaza.
    parametros["limite"] = ids_periodo[fin - sin_avance] if fin >= sin_avance else ""
    seleccion = "" if todos else \
        " AND (desde IS NOT hasta OR (hasta NOT IN (:concluido, :desaparecido) AND cambiado <= :limite))"
    movs = []
    for id_, entidad, descripcion, periodo, e_desde, e_hasta, cambiado in conexion.execute(
            f"SELECT id, entidad, descripcion, periodo, desde, hasta, cambiado FROM ({relacion}) "
            f"WHERE {filtro}{seleccion}", parametros):
        if not (type(id_) is str and type(descripcion) is str and type(periodo) is str and entidad in cat.POR_ABREVIATURA
                and e_desde in FILAS and e_hasta in COLUMNAS and (type(cambiado) is str or e_hasta == DESAPARECIDO)):
            raise IndiceDanado(id_)
        movs.append(Movimiento(id_, cat.POR_ABREVIATURA[entidad].corto, descripcion, periodo, e_desde, e_hasta,
                               _cambio(e_desde, e_hasta), fin - indice.get(cambiado, fin)))
    movs.sort(key=lambda m: (_ORDEN_NOMBRE[m.entidad], m.id))

    listas: dict[str, list[str]] = {k: [] for k in LISTAS}
    avanzaron, concluyeron, retrocedieron, sin_avanzar, nuevos, desaparecidos = listas.values()
    detalle = []
    for m in movs:
        en_lista = True
        if m.cambio == "avance":
            avanzaron.append(m.id)
        elif m.cambio == "retroceso":
            retrocedieron.append(m.id)
        elif m.cambio == NUEVO:
            nuevos.append(m.id)
        elif m.cambio == DESAPARECIDO:
            desaparecidos.append(m.id)
        else:
            en_lista = False
        if m.estatus_hasta == cat.CONCLUIDO and m.estatus_desde != cat.CONCLUIDO:
            concluyeron.append(m.id)
        if m.estatus_hasta not in (cat.CONCLUIDO, DESAPARECIDO) and m.periodos_sin_cambio >= sin_avance:
            sin_avanzar.append(m.id)
            en_lista = True
        if en_lista or todos:
            detalle.append(m.como_dict())

    nacional = [c for por_entidad in conteos.values() for c in por_entidad]
    return {
        "desde": desde,
        "hasta": hasta,
        "sin_avance_minimo": sin_avance,
        "total": sum(n for _, _, n in nacional),
        "matriz": matriz(nacional),
        "por_entidad": {e: matriz(conteos[e]) for e in sorted(conteos, key=_ORDEN_NOMBRE.__getitem__)},
        **listas,
        "acuerdos": detalle,
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
    """Una celda que una hoja de cálculo no ejecuta: `=HYPERLINK(…)`, `+`, `-`, `@` van precedidos de «'».
    Los controles (ESC, BEL, NUL) se escriben visibles (`\x1b`), como en la terminal: un CSV en la salida
    estándar no debe mandarle secuencias a la terminal, ni un archivo llevar bytes que Excel no muestra."""
    if isinstance(valor, str) and not valor.isprintable():
        from ..mostrar import visible

        valor = visible(valor)
    if isinstance(valor, str) and valor[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + valor
    return valor


def markdown(resultado: dict, numero_anexo: int = 3) -> str:
    """El anexo de cambios de estatus en Markdown, como lo lleva el informe con --incluir-diff."""
    from ..renderizar import Numerador, entorno

    env = entorno()
    plantilla = env.get_template("diff.md.j2")
    return env.componer(plantilla, d=con_registros(resultado), numero_anexo=numero_anexo, num=Numerador()).strip() + "\n"
