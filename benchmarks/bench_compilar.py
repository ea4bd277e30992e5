"""Benchmark de `informe compilar` (no es un test: mide y reporta).

    python benchmarks/bench_compilar.py [--repeticiones 5] [--acuerdos 10] [--antes ea1b185] [--html]
                                        [--sin-pyc] [--desglose]

Genera un periodo FICTICIO de 32 entidades (con su periodo anterior como
historia) y mide:

- el proceso completo `informe compilar` a md+docx+pdf (tiempo de pared, arranque incluido, y tiempo de
  CPU de todo el árbol de procesos: el de pared varía con la carga de la máquina; el de CPU, mucho menos);
- el desglose por etapa (validar, agregar, gráficas, md, docx, pdf) dentro del proceso;
- la línea base: pandoc md→docx, pandoc md→typst y typst.compile sobre el mismo Markdown, una tras
  otra, para ver cuánto agrega `informe` encima de las herramientas que usa; y la misma con cada
  herramienta en un proceso nuevo (`base_en_procesos_nuevos`: en la primera, Typst recuerda lo que
  compuso en la repetición anterior);
- con `--antes REV`, el mismo `compilar` con el código de esa revisión de git (extraído con `git archive`
  a una carpeta temporal), intercalado con el actual: las dos razones salen de la misma corrida;
- con `--html`, también `compilar` con md+docx+pdf+html;
- `compilar` tras editar un texto del analista (`textos/presentacion.md`, distinto en cada corrida, en una
  copia de los datos): el caso del analista que corrige y vuelve a compilar. Sin editar nada, pandoc no lee
  ningún capítulo (sus árboles están en la caché) y Typst tampoco recuerda nada entre procesos;
- con `--desglose`, cada paso de los escritores por separado, uno tras otro (docs/rendimiento.md).

Los procesos de `compilar` corren con su caché de bytecode (`__pycache__`), como en una instalación; si el
entorno trae PYTHONDONTWRITEBYTECODE, cada corrida volvería a compilar los módulos del paquete. `--sin-pyc`
conserva la variable (como medía este script antes).
"""

from __future__ import annotations

import argparse
import os
import shutil
import resource
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


def _cpu_hijos() -> float:
    uso = resource.getrusage(resource.RUSAGE_CHILDREN)
    return uso.ru_utime + uso.ru_stime


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


def base(markdown: Path, salida: Path) -> tuple[float, float]:
    """La línea base del issue 34 (no cambia): pared y CPU (este proceso y sus pandoc)."""
    import pypandoc
    import typst

    inicio, cpu = time.perf_counter(), time.process_time() + _cpu_hijos()
    pypandoc.convert_file(str(markdown), "docx", format="markdown-smart", outputfile=str(salida / "base.docx"),
                          extra_args=[f"--resource-path={salida}"])
    fuente = pypandoc.convert_file(str(markdown), "typst", format="markdown-smart", extra_args=["--standalone"])
    (salida / "base.typ").write_text(fuente, encoding="utf-8")
    typst.compile(str(salida / "base.typ"), root=str(salida), ignore_system_fonts=True)
    return time.perf_counter() - inicio, time.process_time() + _cpu_hijos() - cpu


_TYPST_NUEVO = """
import sys, time, typst
inicio, cpu = time.perf_counter(), time.process_time()
typst.compile(sys.argv[1], output=sys.argv[2], root=sys.argv[3], ignore_system_fonts=True)
print(time.perf_counter() - inicio, time.process_time() - cpu)
"""


def base_en_procesos_nuevos(markdown: Path, salida: Path) -> tuple[float, float]:
    """La misma línea base con cada herramienta en su propio proceso, como se correrían a mano: pandoc dos
    veces (su ejecutable, sin pypandoc) y Typst en un proceso nuevo, con las mismas opciones que en `base`
    (la plantilla de pandoc no cumple PDF/UA: sus imágenes no llevan texto alternativo). De Typst cuenta solo `typst.compile`, no el arranque de Python ni su import (la
    rueda no trae el ejecutable de Typst, cuyo arranque es de milisegundos). En `base`, Typst compila el mismo
    archivo en el mismo proceso en cada repetición y desde la segunda recuerda lo que compuso (0.42 s en
    frío, 0.02 s así): esa base no paga lo que paga cualquier proceso nuevo, `compilar` incluido."""
    from informe.convertir import ejecutable_pandoc

    pandoc = ejecutable_pandoc()
    inicio, cpu = time.perf_counter(), _cpu_hijos()
    subprocess.run([pandoc, str(markdown), "--from=markdown-smart", f"--resource-path={salida}",
                    "--output", str(salida / "base-nueva.docx")], check=True, capture_output=True)
    subprocess.run([pandoc, str(markdown), "--from=markdown-smart", "--to=typst", "--standalone",
                    "--metadata=title:Base", "--output", str(salida / "base-nueva.typ")], check=True,
                   capture_output=True)
    pared_pandoc, cpu_pandoc = time.perf_counter() - inicio, _cpu_hijos() - cpu
    hecho = subprocess.run([sys.executable, "-c", _TYPST_NUEVO, str(salida / "base-nueva.typ"),
                            str(salida / "base-nueva.pdf"), str(salida)], check=True, capture_output=True, text=True)
    pared_typst, cpu_typst = (float(x) for x in hecho.stdout.split())
    return pared_pandoc + pared_typst, cpu_pandoc + cpu_typst


def codigo_de(revision: str, destino: Path) -> Path:
    """El paquete tal como estaba en `revision` (sin tocar la copia de trabajo)."""
    destino.mkdir()
    archivo = subprocess.run(["git", "-C", str(AQUI.parent), "archive", revision], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(destino)], input=archivo, check=True)
    return destino


def proceso(datos: Path, periodo: str, salida: Path, entorno: dict,
            formatos: tuple[str, ...] = ()) -> tuple[float, float]:
    t, cpu = time.perf_counter(), _cpu_hijos()
    subprocess.run([sys.executable, "-m", "informe", "compilar", "-p", periodo, "-d", str(datos), "-o", str(salida),
                    *[x for f in formatos for x in ("-f", f)]], check=True, capture_output=True, env=entorno)
    return time.perf_counter() - t, _cpu_hijos() - cpu


_TYPST_FRIO = """
import sys, time, typst
inicio = time.perf_counter()
typst.compile(sys.argv[1], root=sys.argv[2], font_paths=[sys.argv[3]], ignore_system_fonts=True,
              pdf_standards=["a-2a", "ua-1"], timestamp=0)
print(time.perf_counter() - inicio)
"""


def desglose(datos: Path, periodo: str, trabajo: Path) -> dict[str, float]:
    """Cada paso de los escritores solo, uno tras otro y en este proceso (con todo ya importado); Typst en un
    proceso nuevo, como en `compilar`: en uno que ya compiló el mismo documento, Typst recuerda el resultado
    (así corre en la línea base desde la segunda repetición)."""
    import json

    from informe import convertir
    from informe.compilar import preparar_documento
    from informe.docx_formato import dar_formato
    from informe.familias import de_carpeta
    from informe.validar import validar_hasta

    familia = de_carpeta(datos)
    _, cargas = validar_hasta(datos, periodo, familia)
    preparado = familia.preparar(datos, periodo, cargas)
    doc = preparar_documento(familia, preparado, periodo, trabajo, ("md", "docx", "pdf"), None)
    doc.esperar_figuras()
    pasos: dict[str, float] = {}

    def medir(nombre, funcion):
        inicio = time.perf_counter()
        resultado = funcion()
        pasos[nombre] = time.perf_counter() - inicio
        return resultado

    medir("pandoc lee el Markdown entero (md→json, filtros comunes)", lambda: convertir.leer_markdown(doc.markdown))
    ast = medir("lo mismo en dos mitades a la vez (LectorPorCapitulos(2))",
                lambda: convertir.LectorPorCapitulos(grupos=2)(doc.markdown))
    medir("json.loads + json.dumps del árbol en Python", lambda: json.dumps(json.loads(ast), ensure_ascii=False))
    crudo, ctx = trabajo / "crudo.docx", doc.ctx
    medir("pandoc json→docx", lambda: convertir.desde_ast(ast, "docx", crudo, [
        *(["--toc", "--toc-depth=2"] if ctx.indice else []), f"--resource-path={trabajo}",
        "--metadata", f"toc-title={ctx.titulo_indice}"], filtros=(convertir.FILTRO_INDICE,)))
    medir("acabado del DOCX (docx_formato.dar_formato)", lambda: dar_formato(crudo, ctx, convertir._fecha(ctx).replace(tzinfo=None)))
    fuente = medir("pandoc json→typst (3 filtros y plantilla)", lambda: convertir.markdown_a_typst(ast, ctx))
    (trabajo / "informe.typ").write_text(fuente, encoding="utf-8")
    typst_frio = subprocess.run([sys.executable, "-c", _TYPST_FRIO, str(trabajo / "informe.typ"), str(trabajo),
                                 str(convertir.FUENTES)], capture_output=True, text=True, check=True)
    pasos["typst.compile en un proceso nuevo (PDF/A-2a, PDF/UA-1)"] = float(typst_frio.stdout)
    return pasos


def _con_texto(datos: Path, copia: Path, periodo: str) -> Path:
    """Una copia de los datos con un texto del analista en la presentación; devuelve la ruta del texto."""
    shutil.copytree(datos, copia)
    texto = copia / periodo / "textos" / "presentacion.md"
    texto.parent.mkdir(parents=True, exist_ok=True)
    texto.write_text("Edición número 0 de la analista.\n", encoding="utf-8")
    return texto


def _linea(nombre: str, pared: list[float], cpu: list[float], piso: tuple[float, float, float] | None) -> str:
    mediana, minimo, mediana_cpu = statistics.median(pared), min(pared), statistics.median(cpu)
    texto = f"{nombre:52} {mediana:7.3f} s  [{minimo:.3f} s]  CPU {mediana_cpu:6.3f} s"
    if piso:
        texto += (f"   {mediana / piso[0]:5.2f}× la base [{minimo / piso[1]:.2f}×]  CPU {mediana_cpu / piso[2]:4.2f}×")
    return texto


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--repeticiones", type=int, default=5)
    p.add_argument("--acuerdos", type=int, default=10, help="acuerdos nuevos por entidad")
    p.add_argument("--antes", metavar="REV", help="revisión de git con que comparar (p. ej. ea1b185)")
    p.add_argument("--html", action="store_true", help="mide también md+docx+pdf+html")
    p.add_argument("--sin-pyc", action="store_true", help="conserva PYTHONDONTWRITEBYTECODE si el entorno la trae")
    p.add_argument("--desglose", action="store_true", help="mide cada paso de los escritores por separado")
    a = p.parse_args()
    carga_antes = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        datos = Path(tmp) / "datos"
        generar(datos, periodos=2, acuerdos=a.acuerdos)
        periodo = sorted(d.name for d in datos.iterdir() if d.is_dir())[-1]
        salida = Path(tmp) / "salida"
        # una caché propia y vacía: la primera compilación es la del periodo recién cerrado (dibuja las
        # gráficas); las siguientes, las de un analista que corrige y vuelve a compilar
        entorno = {**os.environ, "INFORME_CACHE": str(Path(tmp) / "cache")}
        if not a.sin_pyc:
            entorno.pop("PYTHONDONTWRITEBYTECODE", None)
        variantes = {"actual": (entorno, ())}
        if a.antes:
            viejo = codigo_de(a.antes, Path(tmp) / "antes")
            variantes["antes"] = ({**entorno, "PYTHONPATH": str(viejo), "INFORME_CACHE": str(Path(tmp) / "cache-antes")},
                                  ())
        if a.html:
            variantes["actual con html"] = (entorno, ("md", "docx", "pdf", "html"))
        editado = _con_texto(datos, Path(tmp) / "datos-editados", periodo)
        variantes["actual, texto editado"] = (entorno, ())
        carpetas = {n: editado.parents[2] if n == "actual, texto editado" else datos for n in variantes}
        primeras = {n: proceso(carpetas[n], periodo, Path(tmp) / n, e, f)[0] for n, (e, f) in variantes.items()}
        pared: dict[str, list[float]] = {n: [] for n in variantes}
        cpu: dict[str, list[float]] = {n: [] for n in variantes}
        bases, bases_cpu = [], []
        nuevas, nuevas_cpu = [], []  # la línea base con cada herramienta en un proceso nuevo
        for repeticion in range(a.repeticiones):  # intercaladas: la carga de la máquina pesa igual en todas
            editado.write_text(f"Edición número {repeticion + 1} de la analista.\n", encoding="utf-8")
            for n, (e, f) in variantes.items():
                t, c = proceso(carpetas[n], periodo, Path(tmp) / n, e, f)
                pared[n].append(t)
                cpu[n].append(c)
            t, c = base(Path(tmp) / "actual" / f"informe-{periodo}.md", salida.parent / "actual")
            bases.append(t)
            bases_cpu.append(c)
            t, c = base_en_procesos_nuevos(Path(tmp) / "actual" / f"informe-{periodo}.md", salida.parent / "actual")
            nuevas.append(t)
            nuevas_cpu.append(c)
        desgloses = [etapas(datos, periodo, salida) for _ in range(a.repeticiones)]
        pasos = desglose(datos, periodo, Path(tmp) / "desglose") if a.desglose else {}
    piso = (statistics.median(bases), min(bases), statistics.median(bases_cpu))
    print(f"32 entidades, ≈{32 * a.acuerdos} acuerdos en el periodo; mediana de {a.repeticiones} corridas "
          "(entre corchetes, el mínimo: con la máquina compartida, el menos perturbado; CPU: usuario + sistema "
          "de todos los procesos)")
    print(f"carga media al empezar {carga_antes[0]:.2f}, al terminar {os.getloadavg()[0]:.2f} "
          f"({os.cpu_count()} núcleos); {'sin' if a.sin_pyc else 'con'} caché de bytecode")
    piso_nuevo = (statistics.median(nuevas), min(nuevas), statistics.median(nuevas_cpu))
    print(_linea("línea base: pandoc→docx + pandoc→typst + typst", bases, bases_cpu, None))
    print(_linea("la misma, cada herramienta en un proceso nuevo", nuevas, nuevas_cpu, None))
    for n in variantes:
        print(_linea(f"compilar, {n} (arranque incluido)", pared[n], cpu[n], piso))
        print(_linea("  contra la base en procesos nuevos", pared[n], cpu[n], piso_nuevo))
        print(f"{f'  primera compilación, {n} (caché vacía)':52} {primeras[n]:7.3f} s  "
              f"{primeras[n] / piso[0]:5.2f}× la base")
    print("etapas del actual, dentro del proceso:")
    for etapa in desgloses[0]:
        print(f"  {etapa:50} {statistics.median(d[etapa] for d in desgloses):7.3f} s")
    if pasos:
        print("cada paso de los escritores, solo (uno tras otro):")
        for paso, segundos in pasos.items():
            print(f"  {paso:62} {segundos:7.3f} s")


if __name__ == "__main__":
    main()
