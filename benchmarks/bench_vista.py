"""Benchmark de `informe vista` (no es un test: mide y reporta).

    python benchmarks/bench_vista.py [--repeticiones 10] [--datos ejemplos/demo --periodo 2024-03]

Arranca `informe vista` sobre una copia de los datos y mide, para cada edición de un texto del analista:
desde que se guarda el archivo hasta que la página servida ya lo muestra (el aviso por el canal de
eventos y la página pedida de nuevo, como hace el navegador). La meta es menos de 1.5 s en el demo.
Como piso de la misma corrida: pandoc leyendo el Markdown completo del informe y escribiéndolo en HTML
(lo que costaría recomponer sin trabajo incremental, sin contar validar ni componer).
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AQUI = Path(__file__).resolve().parent
RAIZ = AQUI.parent


def _evento(respuesta) -> str:
    """El siguiente `data:` del canal de eventos (se saltan los latidos)."""
    while True:
        linea = respuesta.fp.readline().decode()
        if linea.startswith("data: "):
            return linea[6:].strip()


def piso(markdown: Path) -> float:
    import pypandoc

    t = time.perf_counter()
    arbol = pypandoc.convert_file(str(markdown), "json", format="markdown-smart")
    pypandoc.convert_text(arbol, "html5", format="json", extra_args=["--standalone", "--toc"])
    return time.perf_counter() - t


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--repeticiones", type=int, default=10)
    p.add_argument("--datos", default=str(RAIZ / "ejemplos" / "demo"))
    p.add_argument("--periodo", default="2024-03")
    p.add_argument("--ranura", default="presentacion")
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        datos = Path(tmp) / "datos"
        shutil.copytree(a.datos, datos)
        texto = datos / a.periodo / "textos" / f"{a.ranura}.md"
        texto.parent.mkdir(parents=True, exist_ok=True)
        entorno = {**os.environ, "INFORME_CACHE": str(Path(tmp) / "cache"), "PYTHONUNBUFFERED": "1"}
        t0 = time.perf_counter()
        vista = subprocess.Popen([sys.executable, "-m", "informe", "vista", "-p", a.periodo, "-d", str(datos)],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=entorno)
        try:
            while True:
                linea = vista.stdout.readline()
                m = re.search(r"127\.0\.0\.1:(\d+)", linea)
                if m or not linea:
                    break
            arranque = time.perf_counter() - t0
            puerto = int(m[1])
            canal = http.client.HTTPConnection("127.0.0.1", puerto, timeout=120)
            canal.request("GET", "/eventos")
            eventos = canal.getresponse()
            _evento(eventos)  # la versión actual
            tiempos = []
            for i in range(a.repeticiones):
                marca = f"Edición número {i} de la analista."
                t = time.perf_counter()
                texto.write_text(marca + "\n", encoding="utf-8")
                _evento(eventos)
                pagina = http.client.HTTPConnection("127.0.0.1", puerto, timeout=60)
                pagina.request("GET", "/")
                cuerpo = pagina.getresponse().read().decode("utf-8")
                tiempos.append(time.perf_counter() - t)
                # la página junta con espacio duro una cifra y su palabra («número 0»)
                assert marca in cuerpo.replace("\u00a0", " ").replace("&nbsp;", " "), "la página no muestra la edición"
                time.sleep(0.3)
            markdown = Path(tmp) / "informe.md"
            subprocess.run([sys.executable, "-m", "informe", "compilar", "-p", a.periodo, "-d", str(datos), "-o",
                            str(Path(tmp) / "salida"), "-f", "md"], check=True, capture_output=True, env=entorno)
            markdown = Path(tmp) / "salida" / f"informe-{a.periodo}.md"
            pisos = [piso(markdown) for _ in range(3)]
        finally:
            vista.terminate()
            vista.wait(timeout=60)
    mediana, base = statistics.median(tiempos), statistics.median(pisos)
    print(f"{a.datos} {a.periodo}; {a.repeticiones} ediciones de textos/{a.ranura}.md")
    print(f"{'arranque hasta la primera página (caché vacía)':52} {arranque:7.3f} s")
    print(f"{'de guardar a la página nueva: mediana':52} {mediana:7.3f} s")
    print(f"{'                              máximo':52} {max(tiempos):7.3f} s")
    print(f"{'piso: pandoc md→json→html del informe completo':52} {base:7.3f} s  ({mediana / base:.2f}×)")


if __name__ == "__main__":
    main()
