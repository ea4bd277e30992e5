"""Benchmark de `informe compilar` (no es un test: mide y reporta).

    python benchmarks/bench_compilar.py [--repeticiones 5] [--acuerdos 10] [--antes ea1b185] [--html]

Genera un periodo FICTICIO de 32 entidades (con su periodo anterior como
historia) y mide:

- el proceso completo `informe compilar` a md+docx+pdf (tiempo de pared, arranque incluido);
- el desglose por etapa (validar, agregar, gráficas, md, docx, pdf) dentro del proceso;
- la línea base: pandoc md→docx, pandoc md→typst y typst.compile sobre el mismo Markdown, una tras
  otra, para ver cuánto agrega `informe` encima de las herramientas que usa;
- con `--antes REV`, el mismo `compilar` con el código de esa revisión de git (extraído con `git archive`
  a una carpeta temporal), intercalado con el actual: las dos razones salen de la misma corrida;
- con `--html`, también `compilar` con md+docx+pdf+html.
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


def codigo_de(revision: str, destino: Path) -> Path:
    """El paquete tal como estaba en `revision` (sin tocar la copia de trabajo)."""
    destino.mkdir()
    archivo = subprocess.run(["git", "-C", str(AQUI.parent), "archive", revision], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(destino)], input=archivo, check=True)
    return destino


def proceso(datos: Path, periodo: str, salida: Path, entorno: dict, formatos: tuple[str, ...] = ()) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "informe", "compilar", "-p", periodo, "-d", str(datos), "-o", str(salida),
                    *[x for f in formatos for x in ("-f", f)]], check=True, capture_output=True, env=entorno)
    return time.perf_counter() - t


def main() -> None:
    import os

    p = argparse.ArgumentParser()
    p.add_argument("--repeticiones", type=int, default=5)
    p.add_argument("--acuerdos", type=int, default=10, help="acuerdos nuevos por entidad")
    p.add_argument("--antes", metavar="REV", help="revisión de git con que comparar (p. ej. ea1b185)")
    p.add_argument("--html", action="store_true", help="mide también md+docx+pdf+html")
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        datos = Path(tmp) / "datos"
        generar(datos, periodos=2, acuerdos=a.acuerdos)
        periodo = sorted(d.name for d in datos.iterdir() if d.is_dir())[-1]
        salida = Path(tmp) / "salida"
        # una caché propia y vacía: la primera compilación es la del periodo recién cerrado (dibuja las
        # gráficas); las siguientes, las de un analista que corrige y vuelve a compilar
        entorno = {**os.environ, "INFORME_CACHE": str(Path(tmp) / "cache")}
        variantes = {"actual": (entorno, ())}
        if a.antes:
            viejo = codigo_de(a.antes, Path(tmp) / "antes")
            variantes["antes"] = ({**entorno, "PYTHONPATH": str(viejo), "INFORME_CACHE": str(Path(tmp) / "cache-antes")},
                                  ())
        if a.html:
            variantes["actual con html"] = (entorno, ("md", "docx", "pdf", "html"))
        primeras = {n: proceso(datos, periodo, Path(tmp) / n, e, f) for n, (e, f) in variantes.items()}
        pared: dict[str, list[float]] = {n: [] for n in variantes}
        bases = []
        for _ in range(a.repeticiones):  # intercaladas: la carga de la máquina pesa igual en todas
            for n, (e, f) in variantes.items():
                pared[n].append(proceso(datos, periodo, Path(tmp) / n, e, f))
            bases.append(base(Path(tmp) / "actual" / f"informe-{periodo}.md", salida.parent / "actual"))
        desgloses = [etapas(datos, periodo, salida) for _ in range(a.repeticiones)]
    mediana_base, minimo_base = statistics.median(bases), min(bases)
    print(f"32 entidades, ≈{32 * a.acuerdos} acuerdos en el periodo; mediana de {a.repeticiones} corridas "
          "(entre corchetes, el mínimo: con la máquina compartida, el menos perturbado)")
    print(f"{'línea base: pandoc→docx + pandoc→typst + typst':52} {mediana_base:7.3f} s  [{minimo_base:.3f} s]")
    for n in variantes:
        mediana, minimo = statistics.median(pared[n]), min(pared[n])
        print(f"{f'compilar, {n} (arranque incluido)':52} {mediana:7.3f} s  {mediana / mediana_base:5.2f}× la base  "
              f"[{minimo:.3f} s, {minimo / minimo_base:.2f}×]")
        print(f"{f'  primera compilación, {n} (caché vacía)':52} {primeras[n]:7.3f} s  "
              f"{primeras[n] / mediana_base:5.2f}× la base")
    print("etapas del actual, dentro del proceso:")
    for etapa in desgloses[0]:
        print(f"  {etapa:50} {statistics.median(d[etapa] for d in desgloses):7.3f} s")


if __name__ == "__main__":
    main()
