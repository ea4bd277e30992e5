"""`informe diff` entre dos cortes VMRE: cada tabla por entidad, celda por celda, y los países."""

from __future__ import annotations

import sys
from pathlib import Path

from .agregar import COLUMNAS_NUMERICAS, NOMBRES_COLUMNA


def comparar(datos: Path, datos_desde: Path, desde: str, hasta: str, cargas: dict, entidades: list[str]) -> dict:
    from ..entidades import POR_ABREVIATURA
    from .informe import cargar_corte

    _, antes = cargar_corte(datos_desde, desde, cargas)
    _, ahora = cargar_corte(datos, hasta, cargas)
    nombres = {POR_ABREVIATURA[a].corto for a in entidades}
    tablas = {}
    desaparecidas: list[str] = []
    for tipo in ("recibidas", "procedentes"):
        if tipo not in antes or tipo not in ahora:
            continue
        previas = {f.etiqueta: f for f in antes[tipo].filas}
        filas = []
        for f in ahora[tipo].filas:
            if nombres and f.etiqueta not in nombres:
                continue
            p = previas.get(f.etiqueta)
            filas.append({"entidad": f.etiqueta, **{c: _delta(f.valores.get(c), p.valores.get(c) if p else None)
                                                     for c in COLUMNAS_NUMERICAS}})
        desaparecidas += [f"{tipo}: {e}" for e in previas if e not in {f.etiqueta for f in ahora[tipo].filas}]
        total_antes, total_ahora = antes[tipo].totales[0].valores, ahora[tipo].totales[0].valores
        tablas[tipo] = {"filas": filas, "total": {c: _delta(total_ahora.get(c), total_antes.get(c))
                                                  for c in COLUMNAS_NUMERICAS}}
    paises = []
    if "paises" in antes and "paises" in ahora and not nombres:
        previos = {f.etiqueta: f.valores.get("TOTAL") for f in antes["paises"].filas}
        for f in ahora["paises"].filas:
            d = _delta(f.valores.get("TOTAL"), previos.get(f.etiqueta))
            paises.append({"pais": f.etiqueta, **d})
        paises.sort(key=lambda p: (-(p["cambio"] or 0), p["pais"]))
        desaparecidas += [f"paises: {p}" for p in previos if p not in {f.etiqueta for f in ahora["paises"].filas}]
    return {"desde": desde, "hasta": hasta, "tablas": tablas, "paises": paises, "desaparecidas": desaparecidas}


def _delta(ahora: int | None, antes: int | None) -> dict:
    return {"antes": antes, "ahora": ahora,
            "cambio": None if ahora is None or antes is None else ahora - antes}


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


def markdown(resultado: dict) -> str:
    from ..renderizar import tabla

    partes = []
    for tipo in resultado["tablas"]:
        partes.append(tabla(encabezados(resultado), filas_de(resultado, tipo), [16, 9, 9, 7, 7, 7, 7, 7, 7],
                            f"{NOMBRES_TABLA[tipo]}: cambio entre los cortes {resultado['desde']} y {resultado['hasta']}"))
    return "\n\n".join(partes) + "\n"


def mostrar(resultado: dict, formato: str, consola) -> None:
    if formato == "md":
        sys.stdout.write(markdown(resultado))
        return
    if formato == "csv":
        import csv
        import io

        memoria = io.StringIO()
        escritor = csv.writer(memoria, lineterminator="\n")
        escritor.writerow(["tabla", "entidad", "columna", "antes", "ahora", "cambio"])
        for tipo, t in resultado["tablas"].items():
            for f in t["filas"]:
                for c in COLUMNAS_NUMERICAS:
                    escritor.writerow([tipo, f["entidad"], c, f[c]["antes"], f[c]["ahora"], f[c]["cambio"]])
        sys.stdout.write(memoria.getvalue())
        return
    from rich import box
    from rich.table import Table

    from ..mostrar import visible

    cortos = ["Entidad", "Antes", "Ahora", "Δ", "Δ el.", "Δ po.", "Δ pr.", "Δ h.", "Δ m."]
    for tipo in resultado["tablas"]:
        t = Table(title=f"{NOMBRES_TABLA[tipo]}: {resultado['desde']} → {resultado['hasta']}", title_justify="left",
                  box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False)
        for i, e in enumerate(cortos):
            if i == 0:
                t.add_column(e, max_width=14, no_wrap=True, overflow="ellipsis")
            else:
                t.add_column(e, justify="right", no_wrap=True)
        for fila in filas_de(resultado, tipo):
            t.add_row(*(visible(c) for c in fila))
        consola.print(t)
