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

    def como_json(self) -> dict:
        from dataclasses import asdict

        datos = asdict(self)
        for clave in ("inicio", "fin", "corte", "presentado"):
            datos[clave] = datos[clave].isoformat() if datos[clave] else None
        datos["actividades"] = {s: [{**a, "fecha": a["fecha"].isoformat() if a["fecha"] else None} for a in lista]
                                for s, lista in datos["actividades"].items()}
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
        campanas(tablas.get("llamadas")), dict(corte.publicado), actividades, anterior)
