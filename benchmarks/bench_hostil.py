"""Benchmark de entradas hostiles pero pequeñas (no es un test: mide y reporta).

    python benchmarks/bench_hostil.py [--repeticiones 3] [--ronda2]

Un archivo de JLE de ≈7 MB (bajo el tope de 8 MiB) que es todo problemas, de dos formas:
340 000 claves desconocidas, y 140 000 acuerdos con estatus fuera del catálogo. Se mide el
proceso completo de `informe validar` sin caché, y como piso, en el mismo proceso de medición,
lo que tarda libyaml solo en componer ese mismo texto (yaml.compose con CSafeLoader, sin el
recolector de basura, como lo hace informe). La meta
del issue 11 es menos de 5 s por archivo; la razón contra el piso dice cuánto agrega el lector.

Con --ronda2, los topes del issue 23 (docs/seguridad.md, «Topes medidos»): un reenvío con 500 acuerdos
reescritos (asignar_ids, con el candado tomado), 150 000 `seguimiento` con ids desconocidos (validar y
recibir completos), un texto del analista que choca con el límite de vueltas de la caja, e `importar` de
un DOCX con la tabla más grande que admite (8 MB de XML) y con más filas de las admitidas.

Con --ronda3, el PDF con 60 acuerdos de una sola palabra en el tope de `lector.PALABRA_MAXIMA`, como razón
contra la demostración sin ellos (issue 33).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

AQUI = Path(__file__).resolve().parent
DESTINO = AQUI / "_generado" / "hostil"


def archivos() -> dict[str, Path]:
    DESTINO.mkdir(parents=True, exist_ok=True)
    claves = DESTINO / "claves-desconocidas.yaml"
    if not claves.exists():
        claves.write_text("\n".join(["entidad: Colima", "periodo: 2024-05"]
                                    + [f"clave_rara_{i}: x" for i in range(340_000)]) + "\n", encoding="utf-8")
    estatus = DESTINO / "estatus-desconocidos.yaml"
    if not estatus.exists():
        estatus.write_text("\n".join(["entidad: Colima", "periodo: 2024-05", "acuerdos:"]
                                     + [f"  - descripcion: Acuerdo {i}\n    estatus: Terminadx{i % 7}"
                                        for i in range(140_000)]) + "\n", encoding="utf-8")
    return {"340 000 claves desconocidas": claves, "140 000 estatus desconocidos": estatus}


def piso(ruta: Path, repeticiones: int) -> float:
    """libyaml compone, sin el recolector de basura (como informe): lo mínimo que cuesta leer el texto."""
    import gc

    import yaml

    texto = ruta.read_text(encoding="utf-8")
    tiempos = []
    for _ in range(repeticiones):
        gc.disable()
        inicio = time.perf_counter()
        yaml.compose(texto, Loader=yaml.CSafeLoader)
        tiempos.append(time.perf_counter() - inicio)
        gc.enable()
        gc.collect()
    return statistics.median(tiempos)


def medir(ruta: Path, repeticiones: int) -> float:
    entorno = {**os.environ, "INFORME_CACHE": "0"}
    tiempos = []
    for _ in range(repeticiones):
        inicio = time.perf_counter()
        r = subprocess.run([sys.executable, "-m", "informe", "validar", str(ruta)], capture_output=True, env=entorno)
        tiempos.append(time.perf_counter() - inicio)
        assert r.returncode == 1, r.stderr.decode()
    return statistics.median(tiempos)


def _cronometro(funcion, repeticiones: int) -> float:
    tiempos = []
    for _ in range(repeticiones):
        inicio = time.perf_counter()
        funcion()
        tiempos.append(time.perf_counter() - inicio)
    return statistics.median(tiempos)


def _docx_con_filas(ruta: Path, filas: int, relleno: int = 0) -> Path:
    """Un anexo DOCX de `filas` filas (Entidad | Acuerdo | Estatus), armado sobre uno de python-docx."""
    import io
    import zipfile

    from docx import Document

    doc = Document()
    tabla = doc.add_table(rows=1, cols=3)
    for celda, texto in zip(tabla.rows[0].cells, ("MARCA1", "MARCA2", "MARCA3")):
        celda.text = texto
    memoria = io.BytesIO()
    doc.save(memoria)
    origen = zipfile.ZipFile(memoria)
    xml = origen.read("word/document.xml").decode()
    inicio, fin = xml.index("<w:tr"), xml.index("</w:tr>") + len("</w:tr>")
    fila = xml[inicio:fin].replace("MARCA1", "Colima").replace("MARCA3", "Concluido")
    cuerpo = "".join(fila.replace("MARCA2", f"Acuerdo {i} {'x' * relleno}") for i in range(filas))
    with zipfile.ZipFile(ruta, "w", zipfile.ZIP_DEFLATED) as z:
        for info in origen.infolist():
            z.writestr(info, xml[:inicio] + cuerpo + xml[fin:] if info.filename == "word/document.xml"
                       else origen.read(info.filename))
    return ruta


def ronda2(repeticiones: int) -> None:
    import shutil
    import tempfile

    sys.path.insert(0, str(AQUI.parent))
    from informe.seguridad import recibir as r
    from informe.seguridad.modelo import Acuerdo, InformeJLE

    print("| caso (issue 23) | medida | tiempo |")
    print("|---|---|---:|")
    textos = [f"Acuerdo {i}: vigilancia de la bodega del consejo distrital {i} durante el traslado de paquetes"
              for i in range(500)]
    guardado = InformeJLE("g", "COL", "2024-04", acuerdos=[Acuerdo(f"COL-2024-04-{i + 1:03d}", t, None, None, 0)
                                                           for i, t in enumerate(textos)])

    def reenvio():
        nuevo = InformeJLE("n", "COL", "2024-04", acuerdos=[Acuerdo("", f"{t} (redacción corregida).", None, None, 0,
                                                                    id_explicito=False) for t in textos])
        r.asignar_ids(nuevo, guardado)

    print(f"| reenvío con 500 acuerdos reescritos | asignar_ids (antes: 50 s) | {_cronometro(reenvio, repeticiones):.2f} s |")

    from informe.errores import ErrorDeTexto
    from informe.textos import Texto, componer

    def texto_hostil():
        try:
            componer(Texto("x", "x.md", '{% for a in "x" * 100000 %}{% for b in "x" * 100000 %}{% endfor %}'
                                        "{% endfor %}"), {"r": {}, "proceso": {}})
        except ErrorDeTexto:
            return
        raise AssertionError("el texto no chocó con el límite")

    print(f"| ciclos anidados de 10¹⁰ vueltas en un texto | hasta texto-limite | "
          f"{_cronometro(texto_hostil, repeticiones):.2f} s |")

    carpeta = Path(tempfile.mkdtemp(prefix="bench-hostil-"))
    try:
        datos = carpeta / "datos"
        shutil.copytree(AQUI.parent / "ejemplos" / "demo", datos)
        marzo = datos / "2024-03" / "periodo.yaml"
        marzo.write_text(marzo.read_text(encoding="utf-8").replace("ultimo: true", "ultimo: false"), encoding="utf-8")
        (datos / "2024-04" / "jle").mkdir(parents=True)
        (datos / "2024-04" / "periodo.yaml").write_text("numero: 4\ninicio: 2024-03-24\nfin: 2024-04-23\n")
        seguimiento = carpeta / "colima.yaml"
        seguimiento.write_text("entidad: Colima\nperiodo: 2024-04\nseguimiento:\n" + "".join(
            f"  - acuerdo: COL-2024-03-{100000 + i}\n    estatus: Concluido\n" for i in range(150_000)))
        entorno = {**os.environ, "INFORME_CACHE": "0"}

        def orden(*args):
            return lambda: subprocess.run([sys.executable, "-m", "informe", *args], capture_output=True, env=entorno)

        mb = seguimiento.stat().st_size / 1e6
        print(f"| 150 000 seguimiento desconocidos ({mb:.1f} MB) | informe validar | "
              f"{_cronometro(orden('validar', str(seguimiento), '-d', str(datos)), repeticiones):.2f} s |")
        print(f"| ídem | informe recibir (acuse y copia; antes 60 s con el candado) | "
              f"{_cronometro(orden('recibir', str(seguimiento), '-p', '2024-04', '-d', str(datos)), 1):.2f} s |")
        acuse = max((datos / "2024-04" / "acuses").iterdir(), key=lambda p: p.stat().st_mtime)
        print(f"| ídem | tamaño del acuse (antes 28 MB) | {acuse.stat().st_size / 1e3:.0f} KB |")
        from informe.seguridad.importar import MAXIMO_DESCOMPRIMIDO, MAXIMO_FILAS

        grande = _docx_con_filas(carpeta / "grande.docx", 7_000, relleno=600)
        import zipfile

        xml = zipfile.ZipFile(grande).getinfo("word/document.xml").file_size
        print(f"| DOCX de {grande.stat().st_size / 1e6:.1f} MB, {xml / 1e6:.1f} MB de XML (tope "
              f"{MAXIMO_DESCOMPRIMIDO / 2**20:.0f} MiB), 7 000 filas | informe importar | "
              f"{_cronometro(orden('importar', str(grande), '-p', '2024-04', '-d', str(datos), '--reemplazar'), 1):.2f} s |")
        filas = _docx_con_filas(carpeta / "filas.docx", MAXIMO_FILAS + 1)
        print(f"| DOCX con {MAXIMO_FILAS + 1:,} filas cortas (tope {MAXIMO_FILAS:,}) | importar hasta rechazarlo | "
              f"{_cronometro(orden('importar', str(filas), '-p', '2024-04', '-d', str(datos)), 1):.2f} s |")
    finally:
        shutil.rmtree(carpeta, ignore_errors=True)


def _demo_con_palabras(destino: Path, acuerdos: int, largo: int) -> Path:
    """La demostración con `acuerdos` acuerdos más de Colima en 2024-03, cada uno una sola palabra de `largo`."""
    import shutil

    shutil.copytree(AQUI.parent / "ejemplos" / "demo", destino)
    jle = destino / "2024-03" / "jle" / "colima.yaml"
    extra = "".join(f"  - descripcion: \"Acuerdo{i} {'x' * largo}\"\n    estatus: Planeación\n" for i in range(acuerdos))
    jle.write_text(jle.read_text(encoding="utf-8").replace("acuerdos:\n", "acuerdos:\n" + extra, 1), encoding="utf-8")
    return destino


def ronda3(repeticiones: int) -> None:
    """Issue 33: el PDF con 60 acuerdos de una palabra en el tope que `validar` admite (`PALABRA_MAXIMA`),
    contra el piso de la misma demostración sin ellos, en la misma corrida. Antes del tope, 20 acuerdos de
    una palabra de 19,000 caracteres daban 5.6 MB de Markdown y cerca de 4 minutos (pandoc leía la tabla de
    cuadrícula en tiempo cuadrático)."""
    import shutil
    import tempfile

    from informe.lector import PALABRA_MAXIMA

    carpeta = Path(tempfile.mkdtemp(prefix="bench-ronda3-"))
    entorno = {**os.environ, "INFORME_CACHE": "0"}
    try:
        casos = {"demostración (piso)": _demo_con_palabras(carpeta / "piso", 0, 1),
                 f"60 acuerdos de una palabra de {PALABRA_MAXIMA}": _demo_con_palabras(carpeta / "tope", 60,
                                                                                      PALABRA_MAXIMA - 10)}
        tiempos = {}
        for nombre, datos in casos.items():
            def compilar(datos=datos):
                r = subprocess.run([sys.executable, "-m", "informe", "compilar", "-p", "2024-03", "-d", str(datos),
                                    "-o", str(carpeta / "salida"), "-f", "pdf", "--permitir-faltantes"],
                                   capture_output=True, env=entorno)
                assert r.returncode == 0, r.stderr.decode()

            tiempos[nombre] = _cronometro(compilar, repeticiones)
        piso_ = tiempos["demostración (piso)"]
        print("| caso | compilar -f pdf | razón contra el piso |")
        print("|---|---:|---:|")
        for nombre, t in tiempos.items():
            print(f"| {nombre} | {t:.2f} s | {t / piso_:.2f}× |")
    finally:
        shutil.rmtree(carpeta, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeticiones", type=int, default=3)
    parser.add_argument("--ronda2", action="store_true", help="Solo los topes del issue 23.")
    parser.add_argument("--ronda3", action="store_true", help="Solo el PDF con palabras en el tope (issue 33).")
    args = parser.parse_args()
    if args.ronda2:
        ronda2(args.repeticiones)
        return
    if args.ronda3:
        ronda3(args.repeticiones)
        return
    print("| archivo hostil | MB | informe validar | piso: libyaml compone | razón |")
    print("|---|---:|---:|---:|---:|")
    for nombre, ruta in archivos().items():
        t, p = medir(ruta, args.repeticiones), piso(ruta, args.repeticiones)
        print(f"| {nombre} | {ruta.stat().st_size / 1e6:.1f} | {t:.2f} s | {p:.2f} s | {t / p:.1f}× |")


if __name__ == "__main__":
    main()
