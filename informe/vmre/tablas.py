"""`informe resumen` de un corte VMRE en la terminal, a 80 columnas."""

from __future__ import annotations


def resumen_rich(r, consola) -> None:
    from rich.table import Table

    from ..mostrar import visible
    from ..renderizar import fecha_larga, numero, porcentaje

    consola.print(f"Informe de avances del VMRE · corte al {fecha_larga(r.corte)}", markup=False)
    if r.recibidas:
        t = Table(title="Solicitudes de Inscripción recibidas", title_justify="left")
        t.add_column("Desglose")
        t.add_column("Solicitudes", justify="right")
        t.add_column("%", justify="right")
        t.add_row("Total", numero(r.recibidas["total"]["TOTAL"]), "")
        for nombre, partes in r.recibidas["desgloses"].items():
            for d in partes:
                t.add_row(f"{nombre}: {d['nombre']}", numero(d["valor"]), porcentaje(d["porcentaje"]))
        consola.print(t)
    if r.procedentes:
        consola.print(f"Cumplen los requisitos: {numero(r.procedentes['total']['TOTAL'])}", markup=False)
    if r.paises:
        principales = ", ".join(f"{visible(f['pais'])} {numero(f['total'])}" for f in r.paises["principales"][:5])
        consola.print(f"Países: {r.paises['paises']}; principales: {principales}", markup=False)
    if r.anterior:
        consola.print(f"Cambio desde el corte al {fecha_larga(r.anterior['corte'])}: "
                      f"{r.anterior['total']:+,} ({porcentaje(r.anterior['porcentaje'])})", markup=False)
