"""`informe diff` entre dos cortes VMRE: cada tabla por entidad, celda por celda, y los países."""

from __future__ import annotations

from pathlib import Path

from ..familias import Familia, delta
from .agregar import COLUMNAS_NUMERICAS, NOMBRES_COLUMNA
from .modelo import Tabla


def comparar(familia: Familia, datos: Path, datos_desde: Path, desde: str, hasta: str, cargas: dict,
             entidades: list[str]) -> dict:
    """Las tablas por entidad celda por celda, los países por su total y las demás cifras, entre dos cortes
    (`entidades`: solo esas filas, y entonces ni países ni otras cifras)."""
    from ..entidades import POR_ABREVIATURA
    from .informe import cargar_corte

    _, antes = cargar_corte(familia, datos_desde, desde, cargas)
    _, ahora = cargar_corte(familia, datos, hasta, cargas)
    nombres = {POR_ABREVIATURA[a].corto for a in entidades}
    tablas, desaparecidas = {}, []
    for tipo in ("recibidas", "procedentes"):
        if tipo in antes and tipo in ahora:
            tablas[tipo] = _tabla_por_entidad(antes[tipo], ahora[tipo], nombres)
            desaparecidas += [f"{tipo}: {e}" for e in _desaparecidas(antes[tipo], ahora[tipo])]
    paises = []
    if "paises" in antes and "paises" in ahora and not nombres:
        paises = _paises(antes["paises"], ahora["paises"])
        desaparecidas += [f"paises: {p}" for p in _desaparecidas(antes["paises"], ahora["paises"])]
    return {"desde": desde, "hasta": hasta, "tablas": tablas, "paises": paises, "desaparecidas": desaparecidas,
            "indicadores": [] if nombres else indicadores(antes, ahora)}


def _tabla_por_entidad(antes: Tabla, ahora: Tabla, nombres: set[str]) -> dict:
    """Cada fila de `ahora` (solo las de `nombres`, si se dan) y el total, columna por columna."""
    previas = {f.etiqueta: f for f in antes.filas}
    filas = []
    for f in ahora.filas:
        if nombres and f.etiqueta not in nombres:
            continue
        p = previas.get(f.etiqueta)
        filas.append({"entidad": f.etiqueta, **{c: delta(f.valores.get(c), p.valores.get(c) if p else None)
                                                 for c in COLUMNAS_NUMERICAS}})
    total_antes, total_ahora = antes.totales[0].valores, ahora.totales[0].valores
    return {"filas": filas, "total": {c: delta(total_ahora.get(c), total_antes.get(c)) for c in COLUMNAS_NUMERICAS}}


def _paises(antes: Tabla, ahora: Tabla) -> list[dict]:
    """El total de cada país, los que más crecieron primero."""
    previos = {f.etiqueta: f.valores.get("TOTAL") for f in antes.filas}
    paises = [{"pais": f.etiqueta, **delta(f.valores.get("TOTAL"), previos.get(f.etiqueta))} for f in ahora.filas]
    return sorted(paises, key=lambda p: (-(p["cambio"] or 0), p["pais"]))


def _desaparecidas(antes: Tabla, ahora: Tabla) -> list[str]:
    """Las filas de `antes` que ya no están en `ahora` (una pérdida de datos que `diff` avisa)."""
    quedan = {f.etiqueta for f in ahora.filas}
    return [e for e in dict.fromkeys(f.etiqueta for f in antes.filas) if e not in quedan]


# tabla → lo que se compara entre dos cortes: su número de filas (actividades del mes) o la suma de una columna
INDICADORES: tuple[tuple[str, str, str | None], ...] = (
    ("spots", "Impactos de los spots de radio y televisión", "IMPACTOS"),
    ("pauta_organica", "Impresiones de la pauta orgánica", "IMPRESIONES"),
    ("pauta_pagada", "Inserciones de pauta pagada", None),
    ("audiovisuales", "Contenidos audiovisuales", None),
    ("audiovisuales", "Reproducciones de los contenidos audiovisuales", "REPRODUCCIONES"),
    ("redes", "Impresiones en redes sociales", "IMPRESIONES"),
    ("entrevistas", "Entrevistas en medios", None),
    ("boletines", "Boletines de prensa", None),
    ("pauta_digital", "Inserciones de pauta digital", None),
    ("vinculacion_institucional", "Actividades de vinculación institucional", None),
    ("vinculacion_comunidad", "Actividades de vinculación con la comunidad", None),
    ("sobres_remitidos", "Sobres-Voto remitidos por los OPL", None),
    ("sobres_validados", "Sobres-Voto validados", None),
    ("consultas", "Consultas atendidas por INETEL", "TOTAL"),
    ("llamadas", "Llamadas de INETEL con resultado", "TOTAL"),
    ("materiales_capacitacion", "Materiales de capacitación aprobados", None),
)


def indicadores(antes: dict, ahora: dict) -> list[dict]:
    """Las cifras de las demás tablas entre dos cortes: las acumuladas (impactos de un spot) crecen; las
    del mes (entrevistas, boletines) cambian con la actividad de cada mes."""
    def valor(tablas: dict, tipo: str, columna: str | None) -> int | None:
        if tipo not in tablas:
            return None
        filas = tablas[tipo].filas
        return len(filas) if columna is None else sum(v for f in filas if isinstance(v := f.valores.get(columna), int))

    salida = []
    for tipo, nombre, columna in INDICADORES:
        a, b = valor(antes, tipo, columna), valor(ahora, tipo, columna)
        if a is not None or b is not None:
            salida.append({"tabla": tipo, "indicador": nombre, **delta(b, a)})
    return salida


NOMBRES_TABLA = {"recibidas": "Solicitudes recibidas", "procedentes": "Solicitudes que cumplen los requisitos"}
COLUMNAS_DIFF = ("TOTAL", "ELECTRONICA", "POSTAL", "PRESENCIAL", "HOMBRES", "MUJERES")


def filas_de(resultado: dict, tipo: str) -> list[list[str]]:
    from ..renderizar import con_signo, numero

    t = resultado["tablas"][tipo]
    filas = [[f["entidad"], numero(f["TOTAL"]["antes"]), numero(f["TOTAL"]["ahora"]),
              *(con_signo(f[c]["cambio"]) for c in COLUMNAS_DIFF)] for f in t["filas"]]
    filas.append(["Total", numero(t["total"]["TOTAL"]["antes"]), numero(t["total"]["TOTAL"]["ahora"]),
                  *(con_signo(t["total"][c]["cambio"]) for c in COLUMNAS_DIFF)])
    return filas


def encabezados(resultado: dict) -> list[str]:
    return ["Entidad", f"Total {resultado['desde']}", f"Total {resultado['hasta']}",
            *(f"Δ {NOMBRES_COLUMNA[c].split()[0].lower()}" for c in COLUMNAS_DIFF)]


def filas_indicadores(resultado: dict) -> list[list[str]]:
    from ..renderizar import con_signo, numero_o_vacio

    return [[i["indicador"], numero_o_vacio(i["antes"]), numero_o_vacio(i["ahora"]), con_signo(i["cambio"])]
            for i in resultado.get("indicadores", [])]


def markdown(resultado: dict) -> str:
    from ..renderizar import tabla

    partes = []
    for tipo in resultado["tablas"]:
        partes.append(tabla(encabezados(resultado), filas_de(resultado, tipo), [16, 9, 9, 7, 7, 7, 7, 7, 7],
                            f"{NOMBRES_TABLA[tipo]}: cambio entre los cortes {resultado['desde']} y {resultado['hasta']}"))
    if resultado.get("indicadores"):
        partes.append(tabla(["Cifra", resultado["desde"], resultado["hasta"], "Cambio"], filas_indicadores(resultado),
                            [44, 10, 10, 10], f"Otras cifras del informe: cambio entre los cortes {resultado['desde']} "
                            f"y {resultado['hasta']}", "lrrr"))
    return "\n\n".join(partes) + "\n"


def csv_texto(resultado: dict) -> str:
    """Una fila por celda que cambió o no: tabla, entidad, columna, antes, ahora, cambio."""
    import csv
    import io

    from ..mostrar import celda_segura

    memoria = io.StringIO()
    escritor = csv.writer(memoria, lineterminator="\n")
    escritor.writerow(["tabla", "entidad", "columna", "antes", "ahora", "cambio"])
    # como el de seguridad: ninguna celda que venga de los datos se abre como fórmula en una hoja de cálculo
    for tipo, t in resultado["tablas"].items():
        for f in t["filas"]:
            for c in COLUMNAS_NUMERICAS:
                escritor.writerow([celda_segura(v) for v in (tipo, f["entidad"], c, f[c]["antes"], f[c]["ahora"],
                                                             f[c]["cambio"])])
    for i in resultado.get("indicadores", []):
        escritor.writerow([celda_segura(v) for v in (i["tabla"], "", i["indicador"], i["antes"], i["ahora"],
                                                     i["cambio"])])
    return memoria.getvalue()


def rich(resultado: dict, consola) -> None:
    """Las tablas en la terminal, a 80 columnas."""
    for tipo in resultado["tablas"]:
        _tabla_rich(resultado, tipo, consola)
    if resultado.get("indicadores"):
        _indicadores_rich(resultado, consola)


def _tabla_rich(resultado: dict, tipo: str, consola) -> None:
    from rich import box
    from rich.table import Table

    from ..mostrar import visible

    # Nombres de entidad y cifras enteros: «Baja California» y «Baja California Sur» se distinguen y
    # «12,7…» no es una cifra. Sin relleno (el separador de SIMPLE_HEAD deja un espacio), las nueve
    # columnas caben en 75; los encabezados abreviados se explican debajo de cada tabla.
    desglose = [c for c in COLUMNAS_DIFF if c != "TOTAL"]
    cortos = ["Entidad", "Antes", "Ahora", "Δ", *(f"Δ {c[:2].lower()}." for c in desglose)]
    leyenda = (f"Antes y Ahora: total al corte {resultado['desde']} y al {resultado['hasta']} · Δ: cambio del total · "
               + " · ".join(f"Δ\u00a0{c[:2].lower()}.:\u00a0{NOMBRES_COLUMNA[c].split()[0].lower()}" for c in desglose) + ".")
    # sin relleno: las nueve columnas de cifras de seis dígitos caben en 80 (el separador ya es un espacio)
    t = Table(title=f"{NOMBRES_TABLA[tipo]}: {resultado['desde']} → {resultado['hasta']}", title_justify="left",
              box=box.SIMPLE_HEAD, padding=0, pad_edge=False, show_edge=False)
    for i, e in enumerate(cortos):
        t.add_column(e, justify="left" if i == 0 else "right", no_wrap=True)
    for fila in filas_de(resultado, tipo):
        t.add_row(*(visible(c) for c in fila), style="bold" if fila[0] == "Total" else None)
    consola.print(t)
    consola.print(leyenda, markup=False, style="dim")
    consola.print()


def _indicadores_rich(resultado: dict, consola) -> None:
    from rich import box
    from rich.table import Table

    from ..mostrar import visible

    t = Table(title=f"Otras cifras: {resultado['desde']} → {resultado['hasta']}", title_justify="left",
              box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False)
    t.add_column("Cifra", max_width=44, overflow="fold")
    for e in ("Antes", "Ahora", "Δ"):
        t.add_column(e, justify="right", no_wrap=True)
    for fila in filas_indicadores(resultado):
        t.add_row(*(visible(c) for c in fila))
    consola.print(t)


def perdida(resultado: dict) -> str | None:
    if resultado["desaparecidas"]:
        return (f"{len(resultado['desaparecidas'])} filas del corte {resultado['desde']} ya no están en "
                f"{resultado['hasta']}: {', '.join(resultado['desaparecidas'][:5])}.")
    return None
