"""Las gráficas del informe VMRE y su registro `FIGURAS` (lo común vive en `informe.figuras`)."""

from __future__ import annotations

import re
from pathlib import Path

from ..figuras import AZUL, NARANJA, ROSA, VERDE, Figura, cifra, etiquetar_barras, guardar_png, marcas_enteras, pyplot


def _barras_horizontales(pares: list[list], ruta: Path, eje: str, color: str = AZUL) -> str:
    plt = pyplot()
    etiquetas = [p[0] for p in pares]
    valores = [p[1] for p in pares]
    fig, ax = plt.subplots(figsize=(6.5, max(2.2, 0.22 * len(pares) + 0.8)))
    ax.barh(etiquetas, valores, color=color)
    for y, v in enumerate(valores):
        ax.annotate(f"{v:,}", (v, y), va="center", fontsize=7, xytext=(3, 0), textcoords="offset points")
    ax.invert_yaxis()
    ax.set_xlabel(eje)
    marcas_enteras(ax.xaxis)
    ax.tick_params(axis="y", labelsize=7)
    return guardar_png(fig, ruta)


def grafica_entidades(pares: list[list], ruta: Path) -> str:
    """Solicitudes recibidas por entidad de referencia de la credencial."""
    return _barras_horizontales(pares, ruta, "Solicitudes de Inscripción recibidas")


def grafica_paises(pares: list[list], ruta: Path) -> str:
    """Los países con más solicitudes."""
    return _barras_horizontales(pares, ruta, "Solicitudes de Inscripción recibidas", VERDE)


def grafica_redes(pares: list[list], ruta: Path) -> str:
    """Impresiones de las publicaciones sobre el VMRE en cada red social."""
    return _barras_horizontales(pares, ruta, "Impresiones", NARANJA)


def grafica_partes(pares: list[list], ruta: Path) -> str:
    """Un desglose del total (modalidad o sexo): barras verticales con su cifra."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.0, 2.8))
    barras = ax.bar([p[0] for p in pares], [p[1] for p in pares], color=[AZUL, NARANJA, ROSA][:len(pares)])
    etiquetar_barras(ax, barras, [p[1] for p in pares])
    ax.set_ylabel("Solicitudes")
    marcas_enteras(ax.yaxis)
    return guardar_png(fig, ruta)


# ---- textos alternativos: lo que cada gráfica dibuja, dicho con sus cifras (PDF /Alt y DOCX descr)

def _barras(pares: list[list]) -> str:
    return "; ".join(f"{p[0]} {cifra(p[1])}" for p in pares)


def describir_entidades(pares: list[list]) -> str:
    return (f"Gráfica de barras: Solicitudes de Inscripción recibidas por entidad de referencia de la "
            f"credencial, {len(pares)} {'entidad' if len(pares) == 1 else 'entidades'}; {_barras(pares)}.")


def describir_paises(pares: list[list]) -> str:
    return (f"Gráfica de barras: Solicitudes de Inscripción recibidas en los {len(pares)} países con más "
            f"solicitudes; {_barras(pares)}." if len(pares) > 1 else
            f"Gráfica de barras: Solicitudes de Inscripción recibidas por país; {_barras(pares)}.")


def describir_redes(pares: list[list]) -> str:
    return f"Gráfica de barras: impresiones de las publicaciones sobre el voto desde el extranjero por red social; {_barras(pares)}."


def describir_desglose(nombre: str):
    return lambda pares: f"Gráfica de barras: Solicitudes de Inscripción recibidas por {nombre}; {_barras(pares)}."


def _entidades(r) -> list[list]:
    return [[f["entidad"], f["TOTAL"]] for f in r.recibidas["filas"] if f["TOTAL"] is not None] if r.recibidas else []


def _redes(r) -> list[list]:
    """Las impresiones de cada red, de la tabla impresa (6,917): una celda vacía no es una barra en cero."""
    filas = r.tablas["redes"]["filas"] if "redes" in r.tablas else []
    return [[f[0], int(f[1].replace(",", ""))] for f in filas if re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})*", f[1])]


def _desglose(nombre: str):
    return lambda r: [[d["nombre"], d["valor"]] for d in r.recibidas["desgloses"][nombre]
                      if d["valor"] is not None] if r.recibidas else []


# clave → cómo dibujarla, sus datos en el resumen, si hay algo que dibujar, su texto alternativo
FIGURAS = {
    "entidades": Figura(grafica_entidades, _entidades, bool, describir_entidades),
    "modalidad": Figura(grafica_partes, _desglose("modalidad de votación"), bool,
                        describir_desglose("modalidad de votación")),
    "sexo": Figura(grafica_partes, _desglose("sexo"), bool, describir_desglose("sexo")),
    "redes": Figura(grafica_redes, _redes, bool, describir_redes),
    "paises": Figura(grafica_paises,
                     lambda r: [[f["pais"], f["total"]] for f in r.paises["principales"]] if r.paises else [],
                     bool, describir_paises),
}
