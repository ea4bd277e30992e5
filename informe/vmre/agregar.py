"""Las cifras del informe VMRE de un corte, calculadas de sus tablas: funciones puras.

Nada se escribe a mano en una plantilla: los totales, porcentajes, rankings y crecimientos salen de
aquí, y las cifras que no están en ninguna tabla llegan de `corte.yaml → publicado`, registradas
como publicadas.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .modelo import DESGLOSES, Corte, ProcesoVmre, Tabla

COLUMNAS_NUMERICAS = ("TOTAL", *(c for cols in DESGLOSES.values() for c in cols))
NOMBRES_COLUMNA = {"TOTAL": "Total", "INETEL": "INETEL", "SRVE": "SRVE", "EXTRANJERO": "Extranjero",
                   "NACIONAL": "Nacional", "ELECTRONICA": "Electrónica por internet", "POSTAL": "Postal",
                   "PRESENCIAL": "Presencial", "HOMBRES": "Hombres", "MUJERES": "Mujeres"}
TOP_PAISES = 10


def porcentaje(parte: int | None, total: int | None) -> float | None:
    if parte is None or not total:
        return None
    return round(100 * parte / total, 1)


@dataclass
class ResumenVmre:
    periodo: str
    inicio: date
    fin: date
    corte: date
    presentado: date | None
    ficticio: bool
    siglas: list[tuple[str, str]]
    recibidas: dict | None  # {"filas": [...], "total": {...}, "desgloses": {...}}
    procedentes: dict | None
    paises: dict | None
    consultas: dict | None
    llamadas: list[dict]
    publicado: dict[str, int]
    actividades: dict[str, list]
    anterior: dict | None = None  # crecimiento respecto del corte previo
    supuestos: list[str] = field(default_factory=list)
    glosario: list[tuple[str, str]] = field(default_factory=list)
    tablas: dict[str, dict] = field(default_factory=dict)  # las tablas declaradas, listas para imprimir
    por_entidad_pais: dict | None = None  # la tabla país × entidad en bloques de columnas
    cifras: dict[str, int] = field(default_factory=dict)  # cifras calculadas de las tablas para el texto
    lapsos: dict[str, dict[str, date]] = field(default_factory=dict)  # cifra publicada → el lapso que la fuente le da

    def como_json(self) -> dict:
        from dataclasses import asdict

        datos = asdict(self)
        for clave in ("inicio", "fin", "corte", "presentado"):
            datos[clave] = datos[clave].isoformat() if datos[clave] else None
        datos["actividades"] = {s: [{**a, "fecha": a["fecha"].isoformat() if a["fecha"] else None} for a in lista]
                                for s, lista in datos["actividades"].items()}
        datos["lapsos"] = {k: {c: d.isoformat() for c, d in v.items()} for k, v in datos["lapsos"].items()}
        return datos


def por_entidad(tabla: Tabla | None) -> dict | None:
    """Filas por entidad (en el orden de la tabla), la fila TOTAL y la participación de cada desglose."""
    if tabla is None or not tabla.totales:
        return None
    total = tabla.totales[0].valores
    filas = [{"entidad": f.etiqueta, **{c: f.valores.get(c) for c in COLUMNAS_NUMERICAS},
              "EDAD_PROMEDIO": f.decimal} for f in tabla.filas]
    desgloses = {nombre: [{"columna": c, "nombre": NOMBRES_COLUMNA[c], "valor": total.get(c),
                           "porcentaje": porcentaje(total.get(c), total.get("TOTAL"))} for c in cols]
                 for nombre, cols in DESGLOSES.items()}
    orden = sorted(filas, key=lambda f: (-(f["TOTAL"] or 0), f["entidad"]))
    return {"filas": filas, "total": {c: total.get(c) for c in COLUMNAS_NUMERICAS}, "desgloses": desgloses,
            "principales": orden[:5], "entidades": len(filas)}


def por_pais(tabla: Tabla | None, total_recibidas: int | None) -> dict | None:
    if tabla is None:
        return None
    filas = sorted(({"pais": f.etiqueta, "total": f.valores.get("TOTAL") or 0,
                     "desglosado": None not in (v for c, v in f.valores.items() if c != "TOTAL")}
                    for f in tabla.filas), key=lambda f: (-f["total"], f["pais"]))
    suma = sum(f["total"] for f in filas)
    for f in filas:
        f["porcentaje"] = porcentaje(f["total"], total_recibidas)
    return {"filas": filas, "principales": filas[:TOP_PAISES], "paises": len(filas), "suma": suma,
            "sin_desglose": sum(1 for f in filas if not f["desglosado"]),
            "resto": suma - sum(f["total"] for f in filas[:TOP_PAISES])}


def simple(tabla: Tabla | None, columnas: tuple[str, ...]) -> dict | None:
    if tabla is None:
        return None
    filas = [{"nombre": f.etiqueta, **{c: f.valores.get(c) for c in columnas}} for f in tabla.filas]
    total = tabla.totales[0].valores if tabla.totales else {}
    return {"filas": filas, "total": {c: total.get(c) for c in columnas}}


def campanas(tabla: Tabla | None) -> list[dict]:
    if tabla is None:
        return []
    salida = []
    for total in tabla.totales:
        filas = [{"nombre": f.etiqueta, "total": f.valores.get("TOTAL"),
                  "porcentaje": porcentaje(f.valores.get("TOTAL"), total.valores.get("TOTAL"))}
                 for f in tabla.filas if f.grupo == total.grupo]
        salida.append({"campana": total.grupo, "filas": filas, "total": total.valores.get("TOTAL")})
    return salida


def crecimiento(actual: dict | None, previa: dict | None, corte_previo: date) -> dict | None:
    """Cuánto crecieron las solicitudes recibidas desde el corte anterior: total, por modalidad y por entidad."""
    if actual is None or previa is None:
        return None
    def delta(a, b):
        return None if a is None or b is None else a - b
    total = delta(actual["total"]["TOTAL"], previa["total"]["TOTAL"])
    antes = {f["entidad"]: f for f in previa["filas"]}
    entidades = [{"entidad": f["entidad"], "antes": antes.get(f["entidad"], {}).get("TOTAL"), "ahora": f["TOTAL"],
                  "delta": delta(f["TOTAL"], antes.get(f["entidad"], {}).get("TOTAL"))} for f in actual["filas"]]
    modalidades = [{"nombre": NOMBRES_COLUMNA[c], "antes": previa["total"][c], "ahora": actual["total"][c],
                    "delta": delta(actual["total"][c], previa["total"][c])} for c in DESGLOSES["modalidad de votación"]]
    mayores = sorted((e for e in entidades if e["delta"] is not None), key=lambda e: (-e["delta"], e["entidad"]))[:5]
    return {"corte": corte_previo, "antes": previa["total"]["TOTAL"], "total": total,
            "porcentaje": porcentaje(total, previa["total"]["TOTAL"]), "entidades": entidades,
            "modalidades": modalidades, "mayores": mayores}


def resumir(corte: Corte, proceso: ProcesoVmre | None, tablas: dict[str, Tabla],
            previo: tuple[Corte, dict[str, Tabla]] | None = None) -> ResumenVmre:
    recibidas = por_entidad(tablas.get("recibidas"))
    actividades: dict[str, list] = {}
    for a in sorted(corte.actividades, key=lambda a: (a.fecha or date.min, a.linea)):
        actividades.setdefault(a.seccion, []).append({"fecha": a.fecha, "titulo": a.titulo, "descripcion": a.descripcion})
    anterior = None
    if previo is not None:
        anterior = crecimiento(recibidas, por_entidad(previo[1].get("recibidas")), previo[0].corte)
    return ResumenVmre(
        corte.id, corte.inicio, corte.fin, corte.corte, corte.presentado, corte.ficticio,
        sorted((proceso.siglas if proceso else {}).items(), key=lambda s: s[0].casefold()),
        recibidas, por_entidad(tablas.get("procedentes")),
        por_pais(tablas.get("paises"), recibidas["total"]["TOTAL"] if recibidas else None),
        simple(tablas.get("consultas"), ("EUA", "MEXICO", "RESTO_DEL_MUNDO", "TOTAL")),
        campanas(tablas.get("llamadas")), dict(corte.publicado), actividades, anterior,
        glosario=list((proceso.glosario if proceso else {}).items()), tablas=declaradas(tablas, corte.erratas),
        por_entidad_pais=paises_por_entidad(tablas.get("paises"), proceso.voto_local if proceso else []),
        cifras=cifras(tablas), lapsos=dict(corte.lapsos))


def cifras(tablas: dict[str, Tabla]) -> dict[str, int]:
    """Cifras que el texto del informe cita y que salen de contar o sumar las tablas."""
    def filas(tipo: str) -> list:
        return tablas[tipo].filas if tipo in tablas else []

    def suma(tipo: str, columna: str) -> int:
        return sum(v for f in filas(tipo) if isinstance(v := f.valores.get(columna), int))

    return {"entrevistas": len(filas("entrevistas")), "boletines": len(filas("boletines")),
            "inserciones": len(filas("pauta_digital")), "audiovisuales": len(filas("audiovisuales")),
            "animados": len(filas("animados")), "sobres_remitidos": len(filas("sobres_remitidos")),
            "sobres_validados": len(filas("sobres_validados")), "impactos": suma("spots", "IMPACTOS"),
            "impresiones_organicas": suma("pauta_organica", "IMPRESIONES"),
            "reproducciones": suma("audiovisuales", "REPRODUCCIONES"),
            "materiales_capacitacion": len(filas("materiales_capacitacion"))}


def forma_textos(lectura=None) -> dict:
    """Lo que un texto del analista puede citar (`r` y `proceso`), para que `validar` revise cada nombre sin
    calcular las cifras (textos.revisar): los campos de `ResumenVmre` y las claves de `cifras`. Las cifras
    de `r.publicado` son las que cada corte.yaml declara: no se revisan una por una."""
    from dataclasses import fields

    r = {f.name: None for f in fields(ResumenVmre)}
    r["cifras"] = dict.fromkeys(cifras({}))
    return {"r": r, "proceso": dict.fromkeys(("nombre", "institucion", "area"))}


# --------------------------------------------------------------------------- tablas declaradas

def fecha_numerica(d: date) -> str:
    """Las fechas de las tablas como las escribe el informe publicado: 06/10/2023."""
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def _vinculo(url: str, referencia: str, enlaces: list[list[str]]) -> str:
    """Un enlace como vínculo de referencia con el nombre de su sitio; la dirección va en `enlaces` y la
    plantilla la define después de la tabla: escrita completa (hasta 130 caracteres) en la celda, ensancharía
    su columna hasta aplastar las demás. El lector ya validó sus caracteres (`tablas_csv`)."""
    from urllib.parse import urlsplit

    from ..renderizar import Marcado

    sitio = (urlsplit(url).hostname or "enlace").removeprefix("www.")
    enlaces.append([referencia, url])
    return Marcado(f"[{sitio}][{referencia}]")


def _grupos(filas: list[list[str]], columnas: int) -> list[list[str]]:
    """Filas seguidas con las mismas `columnas` primeras celdas se vuelven una: el resto de sus celdas se
    une en párrafos (una institución con varias actividades, un acuerdo con sus materiales)."""
    salida: list[list[str]] = []
    for fila in filas:
        if salida and salida[-1][:columnas] == fila[:columnas]:
            salida[-1] = salida[-1][:columnas] + [f"{a}\n{b}" for a, b in zip(salida[-1][columnas:], fila[columnas:])]
        else:
            salida.append(list(fila))
    return salida


def _impresa(tipo: str, tabla: Tabla, columnas: tuple[str, ...] | None = None, filtro=None, agrupar: int = 0,
             leyenda: str | None = None) -> dict | None:
    """Una tabla del corte como la imprime el informe: encabezados, celdas con formato, anchos y alineación.
    `columnas`: solo esas; `filtro(fila)`: solo esas filas (y los totales de esas columnas); `agrupar`: cuántas
    columnas iniciales no repiten el valor de la fila anterior."""
    from ..renderizar import numero
    from ..tablas_csv import formatear
    from .esquemas import POR_TIPO

    t = POR_TIPO[tipo]
    esquema = _solo_columnas(t.esquema, columnas)
    filas = [f for f in tabla.filas if filtro is None or filtro(f)]
    if not filas:
        return None
    # con un filtro, los totales que cuentan algo en las columnas que se imprimen
    totales = [f for f in tabla.totales if filtro is None or not columnas or any(
        isinstance(f.valores.get(c), int) for c in columnas)]
    formato = formatear(esquema, [_como_csv(f, esquema) for f in [*filas, *totales]], numero, fecha_numerica,
                        lambda x: f"{x:.2f}")
    celdas, enlaces = _con_vinculos(tipo, esquema, formato.celdas)
    celdas = _grupos(celdas, agrupar) if agrupar else celdas
    return {"leyenda": leyenda or t.leyenda, "encabezados": formato.encabezados,
            "filas": celdas, "anchos": formato.anchos, "alinear": formato.alinear, "n": len(filas),
            "enlaces": enlaces}


def _con_vinculos(tipo: str, esquema, celdas: list[list[str]]) -> tuple[list[list[str]], list[list[str]]]:
    """Las celdas con cada enlace como vínculo numerado, y la lista de enlaces (para las notas de la tabla)."""
    enlaces: list[list[str]] = []
    return [[_vinculo(v, f"{tipo}-{len(enlaces) + 1}", enlaces) if c.tipo == "enlace" and v != c.vacio else v
             for c, v in zip(esquema.columnas, fila)] for fila in celdas], enlaces


def _solo_columnas(esquema, columnas: tuple[str, ...] | None):
    """El esquema con solo `columnas` (en su orden), o entero."""
    if columnas is None:
        return esquema
    from dataclasses import replace

    return replace(esquema, columnas=tuple(c for c in esquema.columnas if c.nombre in columnas))


def _como_csv(fila, esquema):
    """Una fila del modelo como la formatea el lector de tablas; la de totales dice «Total» en su etiqueta."""
    from ..tablas_csv import FilaCsv

    return FilaCsv({**fila.valores, **({esquema.columnas[0].nombre: "Total"} if fila.total else {})}, fila.linea,
                   fila.columnas, fila.total)


def declaradas(tablas: dict[str, Tabla], erratas: list[dict] = ()) -> dict[str, dict]:
    """Las tablas de actividades y de promoción que el informe imprime tal como vienen (en el orden de
    `esquemas.TABLAS`); las estadísticas se imprimen con sus cifras calculadas (`por_entidad`…). Cada una
    lleva las erratas del publicado que corrige (`corte.yaml → erratas`), para decirlo bajo ella."""
    from .esquemas import ESTADISTICAS, TABLAS

    salida: dict[str, dict] = {}
    for t in TABLAS:
        if t.tipo in ESTADISTICAS or t.tipo not in tablas:
            continue
        tabla = tablas[t.tipo]
        if t.tipo == "spots":  # las versiones con impactos (y su total) y las que empezaron en el periodo
            con = _impresa("spots", tabla, ("VERSION", "FOLIO", "MEDIO", "INICIO", "FIN", "IMPACTOS"),
                           lambda f: f.valores.get("IMPACTOS") is not None)
            sin = _impresa("spots", tabla, ("VERSION", "FOLIO", "MEDIO", "INICIO", "FIN"),
                           lambda f: f.valores.get("IMPACTOS") is None,
                           leyenda="Spots cuya difusión inició en el periodo, sin impactos reportados aún")
            cortes = sorted({f.valores["CORTE"].isoformat() for f in tabla.filas if f.valores.get("CORTE")})
            if con is not None:
                con["cortes"] = cortes
                salida["spots"] = con
            if sin is not None:
                salida["spots_nuevos"] = sin
            continue
        agrupar = {"vinculacion_institucional": 1, "vinculacion_comunidad": 1, "materiales_capacitacion": 2}
        impresa = _impresa(t.tipo, tabla, agrupar=agrupar.get(t.tipo, 0))
        if impresa is not None:
            salida[t.tipo] = impresa
    for e in erratas:
        if e["tipo"] in salida:
            salida[e["tipo"]].setdefault("erratas", []).append({"publicado": e["publicado"], "corregido": e["corregido"]})
    return salida


PANELES = 3  # la tabla país × 32 entidades se imprime en tres bloques de columnas para caber en A4


def paises_por_entidad(tabla: Tabla | None, voto_local: list[str]) -> dict | None:
    """La tabla por país como se publicó: cada país con sus celdas por entidad, en bloques de columnas,
    con las entidades con voto local marcadas. Los países sin desglose (la fuente lo perdió) van aparte,
    con su total."""
    from ..entidades import ENTIDADES

    if tabla is None:
        return None
    completos = [f for f in tabla.filas if all(isinstance(f.valores.get(e.abreviatura), int) for e in ENTIDADES)]
    sin_desglose = [f for f in tabla.filas if f not in completos]
    marcadas = set(voto_local)
    tam = -(-len(ENTIDADES) // PANELES)
    paneles = [_panel(ENTIDADES[i:i + tam], completos, marcadas) for i in range(0, len(ENTIDADES), tam)]
    return {"paneles": paneles, "completos": len(completos), "sin_desglose": len(sin_desglose),
            "resto": _en_tres_columnas(sin_desglose), "marcadas": [e.corto for e in ENTIDADES if e.corto in marcadas],
            "suma": sum(_entero(f.valores.get("TOTAL")) for f in tabla.filas)}


def _panel(grupo: tuple, completos: list, marcadas: set[str]) -> dict:
    """Un bloque de columnas de la tabla por país: los países con desglose. Sin fila de totales: la de todas
    las solicitudes no sería la suma de las filas de arriba (los países sin desglose van aparte)."""
    from ..renderizar import numero

    encabezados = ["País", "Total", *(e.abreviatura + ("\\*" if e.corto in marcadas else "") for e in grupo)]
    filas = [[f.etiqueta, numero(f.valores.get("TOTAL")), *(numero(f.valores.get(e.abreviatura)) for e in grupo)]
             for f in completos]
    return {"encabezados": encabezados, "filas": filas, "anchos": [16, 7, *([5] * len(grupo))],
            "alinear": "l" + "r" * (len(grupo) + 1), "desde": grupo[0].corto, "hasta": grupo[-1].corto}


def _en_tres_columnas(sin_desglose: list) -> list[list[str]]:
    """Los países sin desglose, con su total, repartidos en tres pares de columnas (de arriba abajo)."""
    from ..renderizar import numero

    mitad = -(-len(sin_desglose) // 3)
    columnas = [sin_desglose[k * mitad:(k + 1) * mitad] for k in range(3)]
    resto = []
    for j in range(mitad):
        fila = []
        for col in columnas:
            fila += [col[j].etiqueta, numero(col[j].valores.get("TOTAL"))] if j < len(col) else ["", ""]
        resto.append(fila)
    return resto


def _entero(v: object) -> int:
    return v if isinstance(v, int) else 0
