"""Benchmark de `informe compilar` (no es un test: mide y reporta).

    python benchmarks/bench_compilar.py [--repeticiones 5] [--acuerdos 10]

Genera un periodo FICTICIO de 32 entidades (con su periodo anterior como
historia) y mide:

- el proceso completo `informe compilar` a md+docx+pdf (tiempo de pared, arranque incluido);
- el desglose por etapa (validar, agregar, gráficas, md, docx, pdf) dentro del proceso;
- la línea base: pandoc md→docx, pandoc md→typst y typst.compile sobre el mismo Markdown,
  para ver cuánto agrega `informe` encima de las herramientas que usa.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AQUI = Path(__file__).resolve().parent
sys.path.insert(0, str(AQUI))
sys.path.insert(0, str(AQUI.parent))

from generar import generar  # noqa: E402


def etapas(datos: Path, periodo: str, salida: Path) -> dict[str, float]:
    from informe.compilar import compilar

    marcas: list[tuple[str, float]] = []
    inicio = time.perf_counter()
    compilar(datos, periodo, salida, avisar=lambda e: marcas.append((e, time.perf_counter())))
    fin = time.perf_counter()
    tiempos = {}
    for (etapa, t), siguiente in zip(marcas, [m[1] for m in marcas[1:]] + [fin]):
        tiempos[etapa] = siguiente - t
    tiempos["total"] = fin - inicio
    return tiempos


def base(markdown: Path, salida: Path) -> float:
    import pypandoc
    import typst

    inicio = time.perf_counter()
    pypandoc.convert_file(str(markdown), "docx", format="markdown-smart", outputfile=str(salida / "base.docx"),
                          extra_args=[f"--resource-path={salida}"])
    fuente = pypandoc.convert_file(str(markdown), "typst", format="markdown-smart", extra_args=["--standalone"])
    (salida / "base.typ").write_text(fuente, encoding="utf-8")
    typst.compile(str(salida / "base.typ"), root=str(salida), ignore_system_fonts=True)
    return time.perf_counter() - inicio


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--repeticiones", type=int, default=5)
    p.add_argument("--acuerdos", type=int, default=10, help="acuerdos nuevos por entidad")
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        datos = Path(tmp) / "datos"
        generar(datos, periodos=2, acuerdos=a.acuerdos)
        periodo = sorted(d.name for d in datos.iterdir() if d.is_dir())[-1]
        salida = Path(tmp) / "salida"
        pared = []
        # una caché propia y vacía: la primera compilación es la del periodo recién cerrado (dibuja las
        # gráficas); las siguientes, las de un analista que corrige y vuelve a compilar
        import os

        entorno = {**os.environ, "INFORME_CACHE": str(Path(tmp) / "cache")}
        for _ in range(a.repeticiones + 1):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "informe", "compilar", "-p", periodo, "-d", str(datos),
                            "-o", str(salida)], check=True, capture_output=True, env=entorno)
            pared.append(time.perf_counter() - t)
        primera, pared = pared[0], pared[1:]
        desgloses = [etapas(datos, periodo, salida) for _ in range(a.repeticiones)]
        bases = [base(salida / f"informe-{periodo}.md", salida) for _ in range(a.repeticiones)]
    mediana_pared = statistics.median(pared)
    print(f"32 entidades, ≈{32 * a.acuerdos} acuerdos en el periodo; mediana de {a.repeticiones} corridas")
    print(f"{'primera compilación del periodo (caché vacía)':52} {primera:7.3f} s")
    print(f"{'proceso completo (md+docx+pdf, arranque incluido)':52} {mediana_pared:7.3f} s")
    for etapa in desgloses[0]:
        print(f"  {etapa:50} {statistics.median(d[etapa] for d in desgloses):7.3f} s")
    mediana_base = statistics.median(bases)
    print(f"{'línea base: pandoc→docx + pandoc→typst + typst':52} {mediana_base:7.3f} s")
    print(f"{'sobrecosto (proceso completo / línea base)':52} {mediana_pared / mediana_base:7.2f}×")
    print(f"{'sobrecosto de la primera compilación':52} {primera / mediana_base:7.2f}×")


if __name__ == "__main__":
    main()
