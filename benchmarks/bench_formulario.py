"""Benchmark del formulario web de la JLE (no es un test: mide y reporta).

    python benchmarks/bench_formulario.py [--repeticiones 5] [--acuerdos 200]

Escribe en benchmarks/_generado/ (ignorado por git) el formulario de una JLE FICTICIA con 200 acuerdos
abiertos de periodos anteriores (textos de 120 a 600 caracteres, como los del Anexo 1) y lo abre en
Chromium sin cabeza desde file://. Mide:

- el peso de la página (meta del issue 31: menos de 300 KB);
- cuándo está lista (el programa ya construyó el formulario: `domContentLoadedEventEnd` de la navegación,
  porque el programa corre antes de ese evento), mediana de N cargas en contextos nuevos (meta: < 1 s);
- el piso, en la misma corrida: una página estática del mismo peso, sin programa; se reporta la razón.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from datetime import date
from pathlib import Path
from types import SimpleNamespace

AQUI = Path(__file__).resolve().parent
sys.path.insert(0, str(AQUI.parent / "tests"))
DESTINO = AQUI / "_generado" / "formulario"

FRASES = ("Reforzar la vigilancia en las sedes de los consejos distritales durante la jornada",
          "con apoyo de la Guardia Nacional y de la Secretaría de Seguridad Pública estatal",
          "en los municipios con antecedentes de incidencias señalados por la Junta Local",
          "y dar seguimiento en la siguiente sesión de la Mesa de Coordinación")


def pagina_de_prueba(acuerdos: int) -> tuple[Path, Path]:
    from informe.seguridad.formulario import MEDIDA_DE_EJEMPLO, TEMA_DE_EJEMPLO
    from informe.seguridad.formulario_web import datos_del_formulario, html_formulario
    from informe.seguridad.modelo import Periodo

    periodo = Periodo("", "2024-04", 4, date(2024, 3, 24), date(2024, 4, 23))
    abiertos = [SimpleNamespace(id=f"GRO-2024-03-{i:03d}", estatus=("Planeación", "En proceso", None)[i % 3],
                                descripcion=" ".join(FRASES[: 1 + i % 4]) + f" (acuerdo {i}).")
                for i in range(1, acuerdos + 1)]
    html = html_formulario(datos_del_formulario("GRO", periodo, abiertos,
                                                {"temas": TEMA_DE_EJEMPLO, "medidas": MEDIDA_DE_EJEMPLO},
                                                SimpleNamespace(instalada=date(2023, 10, 5))))
    DESTINO.mkdir(parents=True, exist_ok=True)
    formulario = DESTINO / "guerrero-2024-04.html"
    formulario.write_text(html, encoding="utf-8")
    # el piso: el mismo peso en texto estático, sin programa que construya nada
    piso = DESTINO / "piso.html"
    relleno = "x" * (len(html.encode("utf-8")) - 200)
    piso.write_text(f"<!DOCTYPE html><html lang=\"es\"><head><meta charset=\"utf-8\"><title>piso</title></head>"
                    f"<body><p>{relleno}</p></body></html>", encoding="utf-8")
    return formulario, piso


def listo_en(navegador, ruta: Path, repeticiones: int) -> float:
    tiempos = []
    for _ in range(repeticiones):
        contexto = navegador.new_context(viewport={"width": 1024, "height": 768})
        p = contexto.new_page()
        p.goto(ruta.as_uri(), wait_until="load")
        tiempos.append(p.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"))
        if "piso" not in ruta.name:
            assert p.evaluate("document.documentElement.dataset.listo") == "si"
        contexto.close()
    return statistics.median(tiempos)


def main() -> None:
    from playwright.sync_api import sync_playwright

    from navegador import BANDERAS, ruta_chromium

    argumentos = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    argumentos.add_argument("--repeticiones", type=int, default=5)
    argumentos.add_argument("--acuerdos", type=int, default=200)
    a = argumentos.parse_args()
    formulario, piso = pagina_de_prueba(a.acuerdos)
    peso = formulario.stat().st_size / 1000
    with sync_playwright() as pw:
        navegador = pw.chromium.launch(executable_path=ruta_chromium(), args=BANDERAS)
        listo_en(navegador, formulario, 1)  # la primera carga calienta el proceso del navegador
        t_piso = listo_en(navegador, piso, a.repeticiones)
        t_formulario = listo_en(navegador, formulario, a.repeticiones)
        navegador.close()
    print(f"Formulario con {a.acuerdos} acuerdos abiertos: {peso:.0f} KB (meta < 300 KB)")
    print(f"Listo en {t_formulario:.0f} ms (meta < 1000 ms); piso (página estática del mismo peso): "
          f"{t_piso:.0f} ms; razón {t_formulario / max(t_piso, 1):.1f}×")


if __name__ == "__main__":
    main()
