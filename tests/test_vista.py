"""`informe vista` en Chromium, como proceso aparte sobre una copia del demo: sirve la página, la página
cambia sola al guardar un texto, un texto roto muestra su problema (la última versión buena sigue debajo),
solo responde sus tres rutas y Ctrl-C no deja nada."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import DEMO, escribir
from navegador import revisar_axe


def _esperar_linea(proceso, patron: str, limite: float = 180) -> tuple[re.Match, list[str]]:
    leidas = []
    fin = time.monotonic() + limite
    while time.monotonic() < fin:
        linea = proceso.stdout.readline()
        if not linea:
            break
        leidas.append(linea)
        m = re.search(patron, linea)
        if m:
            return m, leidas
    raise AssertionError(f"no apareció «{patron}»; salida: {leidas}")


@pytest.fixture(scope="module")
def vista(tmp_path_factory):
    """(url, carpeta de datos, proceso, líneas ya leídas); la carpeta temporal de la vista, vigilada."""
    base = tmp_path_factory.mktemp("vista")
    datos = base / "demo"
    shutil.copytree(DEMO, datos)
    temporal = base / "tmp"
    temporal.mkdir()
    entorno = {**os.environ, "TMPDIR": str(temporal), "COLUMNS": "80", "PYTHONUNBUFFERED": "1"}
    proceso = subprocess.Popen([sys.executable, "-m", "informe", "vista", "-p", "2024-03", "-d", str(datos)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=entorno,
                               cwd=base)
    try:
        m, leidas = _esperar_linea(proceso, r"http://127\.0\.0\.1:(\d+)/")
        leidas += [proceso.stdout.readline() for _ in range(2)]
        yield {"url": m[0], "puerto": int(m[1]), "datos": datos, "proceso": proceso, "lineas": leidas,
               "temporal": temporal}
    finally:
        if proceso.poll() is None:
            proceso.kill()
        proceso.wait()


def test_la_vista_dice_donde_y_como_detenerla(vista):
    lineas = [l.rstrip("\n") for l in vista["lineas"]]
    assert lineas[-3:] == [f"Vista previa en {vista['url']}",
                           "Se actualiza al guardar un dato, un texto, proceso.yaml o una plantilla.",
                           "Para detenerla: Ctrl-C."]
    assert all(len(l) <= 80 for l in lineas)


def test_la_vista_sirve_el_informe(vista, pagina):
    pagina.goto(vista["url"])
    assert pagina.locator("h1").inner_text().startswith("Tercero y último Informe")
    assert pagina.locator("main h2").count() >= 5
    assert revisar_axe(pagina) == []
    otras = [u for u in pagina.peticiones if not u.startswith(vista["url"])]
    assert otras == []
    assert {u[len(vista["url"]) - 1:] for u in pagina.peticiones} == {"/", "/vista.js", "/eventos"}


@pytest.mark.parametrize("ruta", ["/../../etc/passwd", "/..%2f..%2fetc/passwd", "//etc/passwd", "/etc/passwd",
                                  "/informe-2024-03.html", "/demo/proceso.yaml", "/%2e%2e/demo/proceso.yaml",
                                  "http://127.0.0.1/../../etc/passwd"])
def test_otra_ruta_es_404(vista, ruta):
    conexion = http.client.HTTPConnection("127.0.0.1", vista["puerto"], timeout=10)
    conexion.putrequest("GET", ruta, skip_host=True)
    conexion.putheader("Host", f"127.0.0.1:{vista['puerto']}")
    conexion.endheaders()
    respuesta = conexion.getresponse()
    assert (respuesta.status, respuesta.read()) == (404, "No existe.\n".encode())


def test_otro_anfitrion_es_404(vista):
    """Una página de otro sitio que resuelve su nombre a 127.0.0.1 (rebinding de DNS) no lee el informe."""
    conexion = http.client.HTTPConnection("127.0.0.1", vista["puerto"], timeout=10)
    conexion.request("GET", "/", headers={"Host": "malicioso.example"})
    assert conexion.getresponse().status == 404


def test_editar_un_texto_cambia_la_pagina_sin_recargarla_a_mano(vista, pagina):
    pagina.goto(vista["url"])
    pagina.wait_for_function("document.querySelector('script[src=\"/vista.js\"]') !== null")
    time.sleep(0.5)  # que el canal de eventos se abra
    escribir(vista["datos"] / "2024-03" / "textos" / "presentacion.md",
             "Un párrafo que la analista acaba de escribir, con {{ r.reuniones.total }} reuniones.\n")
    pagina.wait_for_selector("text=Un párrafo que la analista acaba de escribir", timeout=60_000)
    assert re.search(r"acaba de escribir, con \d+\u00a0reuniones", pagina.locator("main").inner_text())


def test_un_texto_roto_muestra_su_problema_y_la_ultima_version_buena(vista, pagina):
    texto = vista["datos"] / "2024-03" / "textos" / "antecedentes.md"
    escribir(texto, "Un antecedente que sí se compone.\n")
    pagina.goto(vista["url"])
    pagina.wait_for_selector("text=Un antecedente que sí se compone", timeout=60_000)
    escribir(texto, "Un antecedente roto: {{ r.reuniones.totales }} reuniones.\n")
    panel = pagina.wait_for_selector("section.vista-problemas", timeout=60_000)
    contenido = panel.inner_text()
    assert "El informe no se actualizó" in contenido
    assert re.search(r"2024-03/textos/antecedentes\.md:1:\d+ \(texto-", contenido), contenido
    assert "Sugerencia:" in contenido
    assert "Un antecedente que sí se compone" in pagina.locator("main").inner_text()  # la última buena
    assert revisar_axe(pagina) == []
    escribir(texto, "Un antecedente corregido.\n")
    pagina.wait_for_selector("text=Un antecedente corregido", timeout=60_000)
    assert pagina.locator("section.vista-problemas").count() == 0
    # las advertencias del demo siguen a mano, plegadas: no impiden compilar
    resumen = pagina.locator("details.vista-problemas summary").inner_text()
    assert re.fullmatch(r"\d+ advertencias? en los datos \(no impiden compilar\)", resumen), resumen


def test_ctrl_c_no_deja_nada(vista):
    """Al final del módulo: SIGINT detiene la vista, dice que se detuvo y borra su carpeta temporal."""
    assert any(vista["temporal"].iterdir())  # mientras sirve, su carpeta de trabajo existe
    proceso = vista["proceso"]
    proceso.send_signal(signal.SIGINT)
    resto, _ = proceso.communicate(timeout=60)
    assert proceso.returncode == 0
    assert resto.strip().splitlines()[-1] == "Vista previa detenida."
    assert "Traceback" not in resto
    assert list(vista["temporal"].iterdir()) == []


def test_un_puerto_ocupado_se_dice_en_espanol_y_enseguida(correr, tmp_path):
    import socket

    with socket.socket() as ocupado:
        ocupado.bind(("127.0.0.1", 0))
        ocupado.listen()
        puerto = ocupado.getsockname()[1]
        codigo, salida, error = correr("vista", "-p", "2024-03", "-d", DEMO, "--puerto", puerto)
    assert codigo == 2
    assert f"Error: no se puede abrir el puerto {puerto} en 127.0.0.1: ya lo usa otro programa; sin --puerto se elige uno libre" in " ".join(error.split())
    assert "Componiendo" not in salida and "Traceback" not in error


def test_un_puerto_imposible_es_error_de_uso(correr):
    codigo, _, error = correr("vista", "-p", "2024-03", "-d", DEMO, "--puerto", "70000")
    assert codigo == 2 and "--puerto va de 1 a 65535 (se dio 70000)" in error
