"""`informe diff`: cómo se movieron los acuerdos entre el corte de dos periodos.

Funciones puras sobre la historia (almacen.historia). El estatus de cada acuerdo
al corte de P1 y al de P2 da su «cambio»: nuevo, avance, retroceso, sin cambio
o desaparecido (lo conocía P1 y los datos de P2 ya no: pérdida de datos).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import catalogos as cat
from .almacen import DatosPeriodo, EstadoAcuerdo, historia

NUEVO = "nuevo"
DESAPARECIDO = "desaparecido"


class Comparacion(dict):
    """El resultado de `comparar` en su forma JSON documentada, con los catálogos con que se comparó
    (`catalogos`, fuera del JSON): la terminal abrevia los estatus con ellos."""

    __slots__ = ("catalogos",)


def filas_de(catalogos: cat.Catalogos) -> tuple[str, ...]:
    """Filas de la matriz: «nuevo» y el estatus en P1 de cada registro del catálogo (el comodín al final)."""
    return (NUEVO, *catalogos.claves())


def columnas_de(catalogos: cat.Catalogos) -> tuple[str, ...]:
    """Columnas: el estatus en P2 de cada registro y «desaparecido»."""
    return (*catalogos.claves(), DESAPARECIDO)


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


def _cambio(desde: str, hasta: str, rangos: dict[str, int]) -> str:
    """Por el orden de avance de los registros; el comodín «Sin estatus» está por debajo de todo."""
    if desde == NUEVO:
        return NUEVO
    if hasta == DESAPARECIDO:
        return DESAPARECIDO
    if rangos[hasta] > rangos[desde]:
        return "avance"
    return "retroceso" if rangos[hasta] < rangos[desde] else "sin cambio"


_ORDEN_NOMBRE = {e.corto: i for i, e in enumerate(cat.ENTIDADES)}
# las listas del resultado, en el orden de la forma JSON documentada
LISTAS = ("avanzaron", "concluyeron", "retrocedieron", "sin_avance", "nuevos", "desaparecidos")


class IndiceDanado(ValueError):
    """Lo que devolvió la relación no es lo que el índice escribe: quien llama lee la historia."""


def matriz(conteos, catalogos: cat.Catalogos | None = None) -> dict[str, dict[str, int]]:
    """Filas: estatus en P1 (o «nuevo»); columnas: estatus en P2 (o «desaparecido»); con totales.
    `conteos`: (estatus en P1, estatus en P2, acuerdos)."""
    filas, columnas = filas_de(catalogos or cat.BASE), columnas_de(catalogos or cat.BASE)
    tabla = {f: {c: 0 for c in columnas} for f in filas}
    for desde, hasta, n in conteos:
        tabla[desde][hasta] += n
    for f in filas:
        tabla[f]["Total"] = sum(tabla[f][c] for c in columnas)
    tabla["Total"] = {c: sum(tabla[f][c] for f in filas) for c in (*columnas, "Total")}
    return tabla


def comparar(conexion, relacion: str, conteo: str, parametros: dict, ids_periodo: list[str], desde: str, hasta: str,
             entidades: list[str] | None = None, sin_avance: int = 3, todos: bool = False,
             catalogos: cat.Catalogos | None = None) -> Comparacion:
    """Todo lo que muestra `informe diff`, en la forma JSON documentada.

    `relacion`: SQL con una fila por acuerdo conocido en P1 o en P2 (id, entidad, descripcion, periodo,
    desde, hasta, cambiado), del índice de la historia o de una base en memoria (`indice.entre_cortes`,
    `indice.en_memoria`), y `conteo`, cuántos hay de cada (entidad, desde, hasta, n); `ids_periodo`: los
    periodos de los datos de P2 hasta P2, para contar los informes sin cambio de estatus. La matriz cuenta
    todos los acuerdos en SQL; a Python solo llegan los de alguna lista (cambiaron, se concluyeron, siguen
    sin avance, son nuevos o desaparecieron), o todos con `todos`: con 24 periodos de historia son decenas
    de miles de un cuarto de millón. `catalogos`: los estatus, su orden de avance y cuáles son terminales."""
    catalogos = catalogos or cat.BASE
    filtro, parametros = _filtro(entidades, {**parametros, "nuevo": NUEVO, "sin": catalogos.sin_estatus.nombre,
                                             "desaparecido": DESAPARECIDO})
    conteos = _conteos(conexion, conteo, filtro, parametros, catalogos)
    movs = _movimientos(conexion, relacion, filtro, parametros, ids_periodo, hasta, sin_avance, todos, catalogos)
    listas, detalle = _listas(movs, sin_avance, todos, catalogos.terminales())
    nacional = [c for por_entidad in conteos.values() for c in por_entidad]
    resultado = Comparacion({
        "desde": desde,
        "hasta": hasta,
        "sin_avance_minimo": sin_avance,
        "total": sum(n for _, _, n in nacional),
        "matriz": matriz(nacional, catalogos),
        "por_entidad": {e: matriz(conteos[e], catalogos) for e in sorted(conteos, key=_ORDEN_NOMBRE.__getitem__)},
        **listas,
        "acuerdos": detalle,
    })
    resultado.catalogos = catalogos
    return resultado


def _filtro(entidades: list[str] | None, parametros: dict) -> tuple[str, dict]:
    """La condición SQL de las entidades pedidas (todas: «1») y sus parámetros."""
    if not entidades:
        return "1", parametros
    parametros = {**parametros, **{f"e{i}": e for i, e in enumerate(entidades)}}
    return f"entidad IN ({', '.join(f':e{i}' for i in range(len(entidades)))})", parametros


def _conteos(conexion, conteo: str, filtro: str, parametros: dict, catalogos: cat.Catalogos
             ) -> dict[str, list[tuple[str, str, int]]]:
    """(estatus en P1, estatus en P2, acuerdos) por entidad (nombre corto), contados en SQL."""
    filas, columnas = filas_de(catalogos), columnas_de(catalogos)
    conteos: dict[str, list[tuple[str, str, int]]] = {}
    for entidad, e_desde, e_hasta, n in conexion.execute(
            f"SELECT entidad, desde, hasta, sum(n) FROM ({conteo}) WHERE {filtro} GROUP BY 1, 2, 3", parametros):
        if entidad not in cat.POR_ABREVIATURA or e_desde not in filas or e_hasta not in columnas or type(n) is not int:
            raise IndiceDanado(entidad)
        conteos.setdefault(cat.POR_ABREVIATURA[entidad].corto, []).append((e_desde, e_hasta, n))
    return conteos


def _movimientos(conexion, relacion: str, filtro: str, parametros: dict, ids_periodo: list[str], hasta: str,
                 sin_avance: int, todos: bool, catalogos: cat.Catalogos) -> list[Movimiento]:
    """Los acuerdos de alguna lista (o todos, con `todos`), en orden de entidad e id.

    Sin avance: estatus sin cambio desde hace `sin_avance` informes o más, es decir, desde el periodo
    `limite` o antes (los periodos se ordenan como texto); Python confirma con el conteo exacto. «IS NOT»
    y no «!=»: una fila dañada (NULL) también llega a Python, que la rechaza."""
    indice = {p: i for i, p in enumerate(ids_periodo)}
    fin = indice[hasta]
    filas, columnas, rangos = filas_de(catalogos), columnas_de(catalogos), catalogos.rangos()
    terminales = {f"t{i}": e for i, e in enumerate(catalogos.terminales())}
    parametros = {**parametros, **terminales, "limite": ids_periodo[fin - sin_avance] if fin >= sin_avance else ""}
    cerrados = ", ".join(f":{t}" for t in (*terminales, "desaparecido"))
    seleccion = "" if todos else f" AND (desde IS NOT hasta OR (hasta NOT IN ({cerrados}) AND cambiado <= :limite))"
    movs = []
    for id_, entidad, descripcion, periodo, e_desde, e_hasta, cambiado in conexion.execute(
            f"SELECT id, entidad, descripcion, periodo, desde, hasta, cambiado FROM ({relacion}) "
            f"WHERE {filtro}{seleccion}", parametros):
        if not (type(id_) is str and type(descripcion) is str and type(periodo) is str and entidad in cat.POR_ABREVIATURA
                and e_desde in filas and e_hasta in columnas and (type(cambiado) is str or e_hasta == DESAPARECIDO)):
            raise IndiceDanado(id_)
        movs.append(Movimiento(id_, cat.POR_ABREVIATURA[entidad].corto, descripcion, periodo, e_desde, e_hasta,
                               _cambio(e_desde, e_hasta, rangos), fin - indice.get(cambiado, fin)))
    movs.sort(key=lambda m: (_ORDEN_NOMBRE[m.entidad], m.id))
    return movs


def _listas(movs: list[Movimiento], sin_avance: int, todos: bool, terminales: tuple[str, ...]
            ) -> tuple[dict[str, list[str]], list[dict]]:
    """Los ids de cada lista del resultado y el detalle de los que están en alguna (o de todos). Un estatus
    terminal (Concluido, o el que un proceso marque así) cuenta como «se concluyeron» y no queda «sin avance»."""
    listas: dict[str, list[str]] = {k: [] for k in LISTAS}
    por_cambio = {"avance": "avanzaron", "retroceso": "retrocedieron", NUEVO: "nuevos", DESAPARECIDO: "desaparecidos"}
    detalle = []
    for m in movs:
        lista = por_cambio.get(m.cambio)
        if lista is not None:
            listas[lista].append(m.id)
        if m.estatus_hasta in terminales and m.estatus_desde not in terminales:
            listas["concluyeron"].append(m.id)
        sin_avanzar = m.estatus_hasta not in terminales and m.estatus_hasta != DESAPARECIDO \
            and m.periodos_sin_cambio >= sin_avance
        if sin_avanzar:
            listas["sin_avance"].append(m.id)
        if lista is not None or sin_avanzar or todos:
            detalle.append(m.como_dict())
    return listas, detalle


def con_registros(resultado: dict) -> dict:
    """Para las plantillas: las listas de ids convertidas en los registros completos, y el ancho relativo de
    cada columna de la matriz (`anchos`); y (nombre, encabezado) de cada campo propio de un acuerdo
    (`formato.campos_propios`), una columna más de cada lista (`columnas_propias`)."""
    from .formato import campos_propios

    por_id = {m["id"]: m for m in resultado["acuerdos"]}
    return {**resultado, **{k: [por_id[i] for i in resultado[k]] for k in LISTAS},
            "anchos": anchos_de_matriz(resultado["matriz"]),
            "columnas_propias": [(c.nombre, c.etiqueta or c.nombre) for c in campos_propios()]}


def anchos_de_matriz(tabla: dict[str, dict[str, int]]) -> list[int]:
    """El ancho relativo de cada columna de la tabla de la matriz (la de las filas primero): el de su palabra o
    cifra más larga. Con columnas iguales, un estatus más angosto partía «Desaparecido» a media palabra en el
    DOCX y lo encimaba en el PDF; así cada columna cabe su palabra más larga, con cualquier número de estatus.
    La de las filas, al menos «diciembre» (su encabezado dice el mes del corte)."""
    def palabra(texto: str) -> int:
        return max(len(p) for p in texto.split())

    columnas = list(tabla["Total"])
    primera = max(9, *(palabra(f) for f in tabla))
    return [primera, *(max(palabra(c), *(len(f"{v[c]:,}") for v in tabla.values())) for c in columnas)]


def csv_texto(resultado: dict) -> str:
    import csv
    import io

    from ..mostrar import celda_segura

    salida = io.StringIO()
    w = csv.writer(salida, lineterminator="\n")
    from .formato import campos_propios

    # las columnas fijas y, si formato.py declara campos propios de un acuerdo, uno por columna
    columnas = ["id", "entidad", "descripcion", "estatus_desde", "estatus_hasta", "cambio",
                *(c.nombre for c in campos_propios())]
    w.writerow(columnas)
    for m in resultado["acuerdos"]:
        w.writerow([celda_segura(m.get(k)) for k in columnas])
    # con BOM, Excel abre el archivo como UTF-8 y muestra bien los acentos
    return "\ufeff" + salida.getvalue()


def markdown(resultado: dict, numero_anexo: int = 3) -> str:
    """El anexo de cambios de estatus en Markdown, como lo lleva el informe con --incluir-diff."""
    from ..renderizar import Numerador, entorno

    env = entorno()
    plantilla = env.get_template("diff.md.j2")
    return env.componer(plantilla, d=con_registros(resultado), numero_anexo=numero_anexo, num=Numerador()).strip() + "\n"


def comparar_carpetas(familia, datos: Path, datos_desde: Path, desde: str, hasta: str, cargas: dict,
                      entidades: list[str] = (), sin_avance: int = 3, todos: bool = False) -> dict:
    """`informe diff` (la parte `Comparacion.comparar`), con los campos propios de cada acuerdo listado."""
    resultado = _comparar_carpetas(datos, datos_desde, desde, hasta, cargas, entidades, sin_avance, todos)
    from .formato import campos_propios

    if campos_propios():  # sin campos propios (los datos del paquete) no se lee nada más
        con_propios(resultado, [(datos, hasta), (datos_desde, desde)], cargas)
    return resultado


def con_propios(resultado: dict, carpetas: list[tuple[Path, str]], cargas: dict) -> None:
    """Cada acuerdo del resultado con sus campos propios (`formato.campos_propios`), como los reportó su JLE
    al tomarlo: el índice de la historia guarda solo las columnas fijas, así que se leen de los datos."""
    from .almacen import cargar_datos
    from .consulta import acuerdos
    from .formato import campos_propios

    propios: dict[str, dict] = {}
    for carpeta, corte in carpetas:
        for fila in acuerdos(cargar_datos(carpeta, hasta=corte, cargas_previas=cargas).periodos.values(), corte):
            propios.setdefault(fila.id, fila.propios)
    for m in resultado["acuerdos"]:
        m.update({c.nombre: propios.get(m["id"], {}).get(c.nombre) for c in campos_propios()})


def _comparar_carpetas(datos: Path, datos_desde: Path, desde: str, hasta: str, cargas: dict,
                       entidades: list[str], sin_avance: int, todos: bool) -> dict:
    """Del índice de la historia si los cortes se relacionan; si no (o si el índice está dañado), de los archivos."""
    import sqlite3

    from ..almacen import ids_de_periodo
    from .almacen import cargar_datos, catalogos_de
    from .indice import descartar, en_memoria, entre_cortes

    ids = [p for p in ids_de_periodo(datos) if p <= hasta]
    catalogos_desde, catalogos = catalogos_de(datos_desde), catalogos_de(datos)
    unidos = catalogos.unidos(catalogos_desde)  # un estatus que solo conoce la otra carpeta también es fila
    # del índice de la historia: el corte de P2 suele partir del de P1 (y entonces basta leer uno)
    relacion = entre_cortes(datos_desde, desde, datos, hasta, catalogos_desde, catalogos, cargas)
    if relacion is not None:
        try:
            return comparar(*relacion, ids, desde, hasta, list(entidades), sin_avance, todos, unidos)
        except (IndiceDanado, sqlite3.Error):  # basura en el índice: se descartan sus cortes y se lee
            descartar(*relacion)
    posteriores = cargar_datos(datos, hasta=hasta, cargas_previas=cargas).periodos
    anteriores = posteriores if datos_desde == datos else \
        cargar_datos(datos_desde, hasta=desde, cargas_previas=cargas).periodos
    return comparar(*en_memoria(*estados(anteriores, posteriores, desde, hasta)), ids, desde, hasta,
                    list(entidades), sin_avance, todos, unidos)


def perdida(resultado: dict) -> str | None:
    n = len(resultado["desaparecidos"])
    return (f"{n} acuerdos de {resultado['desde']} ya no están en los datos de {resultado['hasta']} "
            "(pérdida de datos).") if n else None
