"""Un campo de un acuerdo se declara una vez, en `seguridad/formato.py`, y llega a cada salida.

La prueba hace lo que haría quien agrega `responsable`: copia el paquete, agrega una línea a `ACUERDO` en
formato.py (y nada más) y corre la orden como la corre el analista. El campo está entonces en el esquema
del editor, en la ayuda de la plantilla, en la validación (con su tipo y su límite), en el anexo del
informe, en `informe acuerdos` en terminal, csv, json y xlsx, en `informe diff` en json, csv, md y terminal,
en el anexo de `compilar --incluir-diff` (leídos por encabezado, no por posición) y en el formulario web de
la JLE, que lo muestra, lo revisa por su límite, lo guarda para `recibir` y lo vuelve a abrir."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import RAIZ
from navegador import revisar_axe

LINEA = ('    Campo("responsable", "texto", "Quién da seguimiento al acuerdo en la JLE.", etiqueta="Responsable",\n'
         '          maximo=40, ayuda="quién da seguimiento al acuerdo (opcional; hasta 40 caracteres)."),\n')
ANCLA = '    Campo("fecha", "fecha", "Fecha en que se tomó el acuerdo (opcional)."),\n'
FEBRERO = '    descripcion: "Revisar el monitoreo de los mecanismos de recolección en el distrito 02 (acuerdo 1)."\n'
ACUERDO = '    descripcion: "Acordar el acompañamiento de seguridad a los vehículos con documentación electoral (acuerdo 1)."\n'


@pytest.fixture(scope="module")
def copia(tmp_path_factory) -> Path:
    """El paquete con el campo agregado en una línea de formato.py, y los datos de la demostración."""
    raiz = tmp_path_factory.mktemp("campo")
    sin_cache = shutil.ignore_patterns("__pycache__")
    shutil.copytree(RAIZ / "informe", raiz / "informe", ignore=sin_cache)
    shutil.copytree(RAIZ / "plantillas", raiz / "plantillas", ignore=sin_cache)
    formato = raiz / "informe" / "seguridad" / "formato.py"
    texto = formato.read_text(encoding="utf-8")
    assert texto.count(ANCLA) == 1
    formato.write_text(texto.replace(ANCLA, ANCLA + LINEA), encoding="utf-8")
    shutil.copytree(RAIZ / "ejemplos" / "demo", raiz / "datos")
    colima = raiz / "datos" / "2024-03" / "jle" / "colima.yaml"
    texto = colima.read_text(encoding="utf-8")
    assert texto.count(ACUERDO) == 1
    colima.write_text(texto.replace(ACUERDO, ACUERDO + '    responsable: "Vocal Secretario"\n'), encoding="utf-8")
    febrero = raiz / "datos" / "2024-02" / "jle" / "colima.yaml"
    texto = febrero.read_text(encoding="utf-8")
    assert texto.count(FEBRERO) == 1
    febrero.write_text(texto.replace(FEBRERO, FEBRERO + '    responsable: "Vocal de Organización"\n'), encoding="utf-8")
    return raiz


def _informe(copia: Path, *argumentos) -> subprocess.CompletedProcess:
    entorno = {**os.environ, "PYTHONPATH": str(copia), "COLUMNS": "80", "INFORME_CACHE": "0"}
    r = subprocess.run([sys.executable, "-m", "informe", *map(str, argumentos)], cwd=copia, env=entorno,
                       capture_output=True, text=True, timeout=300)
    assert "Traceback" not in r.stderr, r.stderr
    return r


def test_la_copia_usa_el_paquete_con_el_campo(copia):
    r = _informe(copia, "validar", "datos")
    assert r.returncode == 0, r.stdout + r.stderr
    fuera = subprocess.run([sys.executable, "-c", "import informe; print(informe.__file__)"], cwd=copia,
                           env={**os.environ, "PYTHONPATH": str(copia)}, capture_output=True, text=True)
    assert fuera.stdout.strip() == str(copia / "informe" / "__init__.py")


def test_el_campo_llega_al_esquema_y_a_la_plantilla(copia):
    esquema = json.loads(_informe(copia, "esquema").stdout)
    campo = esquema["properties"]["acuerdos"]["anyOf"][0]["items"]["properties"]["responsable"] \
        if "anyOf" in esquema["properties"]["acuerdos"] else \
        esquema["properties"]["acuerdos"]["items"]["properties"]["responsable"]
    assert campo["description"] == "Quién da seguimiento al acuerdo en la JLE." and campo["maxLength"] == 40
    r = _informe(copia, "plantilla", "--datos", "datos", "--periodo", "2024-03", "--entidad", "Colima")
    assert r.returncode == 0, r.stderr
    carpeta = copia / "salida" / "plantillas"
    plantilla = (carpeta / "colima-2024-03.yaml").read_text(encoding="utf-8")
    assert "#   acuerdos.responsable: quién da seguimiento al acuerdo (opcional; hasta 40" in plantilla
    junto = json.loads((carpeta / "jle.schema.json").read_text(encoding="utf-8"))  # el que viaja con la plantilla
    assert "responsable" in json.dumps(junto["properties"]["acuerdos"], ensure_ascii=False)


def test_el_campo_se_valida_por_su_tipo_y_su_limite(copia, tmp_path):
    datos = tmp_path / "datos"
    shutil.copytree(copia / "datos", datos)
    colima = datos / "2024-03" / "jle" / "colima.yaml"
    texto = colima.read_text(encoding="utf-8")
    colima.write_text(texto.replace('responsable: "Vocal Secretario"', "responsable: " + "x" * 41), encoding="utf-8")
    r = _informe(copia, "validar", colima, "--datos", datos, "--formato", "json")
    linea = texto[:texto.index("responsable:")].count("\n") + 1
    hallados = [(p["codigo"], p["linea"], p["mensaje"]) for p in json.loads(r.stdout)["problemas"]]
    assert ("texto-largo", linea, "acuerdos[1].responsable: admite hasta 40 caracteres (tiene 41).") in hallados


def test_el_campo_llega_al_anexo_del_informe(copia, tmp_path):
    r = _informe(copia, "compilar", "--datos", "datos", "--periodo", "2024-03", "--formato", "md",
                 "--salida", tmp_path / "salida")
    assert r.returncode == 0, r.stderr
    md = (tmp_path / "salida" / "informe-2024-03.md").read_text(encoding="utf-8")
    anexo = md[md.index("# Anexo 1. Acuerdos alcanzados {#anexo-acuerdos}"):].split("\n# ")[0]
    celdas = [[c.strip() for c in linea.strip().strip("|").split("|")] for linea in anexo.splitlines()
              if linea.startswith("|")]
    assert celdas[0] == ["Entidad", "Acuerdo", "Responsable", "Estatus"]
    responsable = " ".join(" ".join(c[2] for c in celdas[1:]).split())  # la columna por su encabezado
    assert responsable == "Vocal Secretario"  # una celda de tabla de cuadrícula ocupa varias líneas


def test_el_campo_llega_a_acuerdos_en_cada_formato(copia, tmp_path):
    r = _informe(copia, "acuerdos", "--datos", "datos", "--entidad", "Colima", "--buscar", "acuerdo 1)")
    assert r.returncode == 0, r.stderr
    assert "  responsable: Vocal Secretario" in r.stdout.splitlines()

    r = _informe(copia, "acuerdos", "--datos", "datos", "--entidad", "Colima", "--formato", "csv")
    filas = list(csv.DictReader(io.StringIO(r.stdout.lstrip("\ufeff"))))
    por_id = {f["id"]: f for f in filas}
    assert por_id["COL-2024-03-001"]["responsable"] == "Vocal Secretario"
    assert {f["responsable"] for f in filas} == {"Vocal Secretario", "Vocal de Organización", ""}

    r = _informe(copia, "acuerdos", "--datos", "datos", "--entidad", "Colima", "--formato", "json")
    acuerdos = {a["id"]: a for a in json.loads(r.stdout)["acuerdos"]}
    assert acuerdos["COL-2024-03-001"]["responsable"] == "Vocal Secretario"

    hoja = tmp_path / "acuerdos.xlsx"
    r = _informe(copia, "acuerdos", "--datos", "datos", "--entidad", "Colima", "--formato", "xlsx", "--salida", hoja)
    assert r.returncode == 0, r.stderr
    from openpyxl import load_workbook

    filas = list(load_workbook(hoja).active.iter_rows(values_only=True))
    columna = {encabezado: i for i, encabezado in enumerate(filas[0])}
    fila = next(f for f in filas[1:] if f[columna["Identificador"]] == "COL-2024-03-001")
    assert fila[columna["Responsable"]] == "Vocal Secretario"


def test_el_campo_llega_a_diff_en_json_y_csv(copia):
    r = _informe(copia, "diff", "--datos", "datos", "--desde", "2024-02", "--hasta", "2024-03", "--formato", "json",
                 "--todos")
    assert r.returncode == 0, r.stderr
    acuerdos = {a["id"]: a for a in json.loads(r.stdout)["acuerdos"]}
    assert acuerdos["COL-2024-03-001"]["responsable"] == "Vocal Secretario"
    assert acuerdos["COL-2024-03-002"]["responsable"] is None  # no lo reporta: no se inventa
    r = _informe(copia, "diff", "--datos", "datos", "--desde", "2024-02", "--hasta", "2024-03", "--formato", "csv",
                 "--todos")
    filas = {f["id"]: f for f in csv.DictReader(io.StringIO(r.stdout.lstrip("\ufeff")))}
    assert filas["COL-2024-03-001"]["responsable"] == "Vocal Secretario"
    # en la terminal, en las listas que muestra (aquí, «sin avance»), junto al texto del acuerdo
    r = _informe(copia, "diff", "--datos", "datos", "--desde", "2024-02", "--hasta", "2024-03", "--sin-avance", "1",
                 "--entidad", "Colima")
    assert "(responsable: Vocal de Organización)" in " ".join(r.stdout.split())


def _guardar(p, destino: Path) -> Path:
    with p.expect_download() as descarga:
        p.get_by_role("button", name="Guardar archivo").click()
    descarga.value.save_as(destino)
    return destino


def test_el_campo_llega_al_formulario_web_y_recibir_lo_guarda(copia, pagina, tmp_path):
    """El formulario de la JLE lo muestra con su etiqueta y su ayuda, lo revisa por su límite, lo guarda, y
    «Abrir archivo» lo lee de vuelta; `recibir` guarda lo que la JLE escribió."""
    datos = tmp_path / "datos"
    shutil.copytree(copia / "datos", datos)
    marzo = datos / "2024-03" / "periodo.yaml"
    marzo.write_text(marzo.read_text(encoding="utf-8").replace("ultimo: true", "ultimo: false"), encoding="utf-8")
    assert _informe(copia, "periodo", "nuevo", "-d", datos).returncode == 0
    r = _informe(copia, "plantilla", "-p", "2024-04", "--entidad", "Colima", "-d", datos, "-o", tmp_path / "envio")
    assert r.returncode == 0, r.stdout + r.stderr
    html = tmp_path / "envio" / "colima-2024-04.html"

    pagina.goto(html.as_uri())
    pagina.wait_for_selector("html[data-listo=si]")
    acuerdos = pagina.get_by_role("region", name="Acuerdos tomados en el periodo")
    acuerdos.get_by_role("button", name="Agregar acuerdo").click()
    acuerdo = acuerdos.get_by_role("group", name="Acuerdo 1")
    acuerdo.get_by_label("Descripción").fill("Reforzar la custodia de la bodega distrital.")
    acuerdo.get_by_label("Estatus").select_option("En proceso")
    responsable = acuerdo.get_by_label("Responsable")
    descrito = responsable.get_attribute("aria-describedby").split()[0]
    assert pagina.locator(f"#{descrito}").inner_text() == "Quién da seguimiento al acuerdo en la JLE. Hasta 40 caracteres."
    assert revisar_axe(pagina) == []  # el campo nuevo, con su etiqueta visible como nombre accesible
    for seccion, respuesta in (("Reuniones de la Mesa de Coordinación", "No hubo reuniones en el periodo"),
                               ("Medidas adicionales de seguridad", "No hubo medidas adicionales en el periodo")):
        pagina.get_by_role("region", name=seccion).get_by_label(respuesta).check()

    # su límite, el de formato.py: 41 caracteres no se guardan
    responsable.fill("x" * 41)
    descargas = []
    pagina.on("download", lambda d: descargas.append(d))
    pagina.get_by_role("button", name="Guardar archivo").click()
    pagina.wait_for_selector("#resumen:not([hidden])")
    assert descargas == []
    assert "Acuerdo 1, Responsable: Tiene 41 caracteres; el máximo es 40." in pagina.locator("#resumen").inner_text()

    responsable.fill("Vocal Secretario")
    guardado = _guardar(pagina, tmp_path / "correo" / "colima-2024-04.yaml")
    assert '    responsable: "Vocal Secretario"\n' in guardado.read_text(encoding="utf-8")
    r = _informe(copia, "recibir", guardado, "-p", "2024-04", "-d", datos)
    assert r.returncode == 0, r.stdout + r.stderr
    import yaml

    registrado = yaml.safe_load((datos / "2024-04" / "jle" / "colima.yaml").read_text(encoding="utf-8"))
    assert [(a["id"], a.get("responsable")) for a in registrado["acuerdos"]] == [("COL-2024-04-001", "Vocal Secretario")]

    # «Abrir archivo» lo lee de vuelta, en otra página
    otra = pagina.context.new_page()
    otra.goto(html.as_uri())
    otra.wait_for_selector("html[data-listo=si]")
    with otra.expect_file_chooser() as elegir:
        otra.get_by_role("button", name="Abrir archivo").click()
    elegir.value.set_files(guardado)
    otra.wait_for_selector("#avisos-titulo")
    assert otra.locator("#avisos-titulo").inner_text() == "Se abrió colima-2024-04.yaml completo."
    assert otra.get_by_role("group", name="Acuerdo 1").get_by_label("Responsable").input_value() == "Vocal Secretario"
    assert _guardar(otra, tmp_path / "otra.yaml").read_bytes() == guardado.read_bytes()


def _tablas(md: str, titulo: str) -> list[dict[str, str]]:
    """Las filas de la tabla que sigue a «**titulo**», por su encabezado: de tubos (una fila por línea) o de
    cuadrícula (la de `compilar`, donde una celda ocupa varias líneas y las filas se separan con «+---»)."""
    resto = md[md.index(f"**{titulo}**"):]
    lineas = [l for l in resto.split("\n\n", 2)[1].splitlines()]
    filas: list[list[str]] = []
    nueva = True
    for linea in lineas:
        if linea.startswith("+") or set(linea) <= set("|:- "):
            nueva = True
            continue
        celdas = [c.strip() for c in linea.strip().strip("|").split("|")]
        if nueva or linea.startswith("| ") and not lineas[0].startswith("+"):
            filas.append(celdas)
            nueva = False
        else:
            filas[-1] = [f"{a} {b}".strip() for a, b in zip(filas[-1], celdas)]
    return [dict(zip(filas[0], f)) for f in filas[1:]]


CONCLUIDO = "  - acuerdo: COL-2024-02-001\n    estatus: Planeación\n"


def test_el_campo_llega_a_diff_en_md_y_al_anexo_de_compilar(copia, tmp_path):
    datos = tmp_path / "datos"
    shutil.copytree(copia / "datos", datos)
    colima = datos / "2024-03" / "jle" / "colima.yaml"
    texto = colima.read_text(encoding="utf-8")
    assert texto.count(CONCLUIDO) == 1  # el acuerdo de febrero (responsable: Vocal de Organización) se concluye
    colima.write_text(texto.replace(CONCLUIDO, CONCLUIDO.replace("Planeación", "Concluido")), encoding="utf-8")

    r = _informe(copia, "diff", "--datos", datos, "--desde", "2024-02", "--hasta", "2024-03", "--formato", "md")
    assert r.returncode == 0, r.stderr
    filas = _tablas(r.stdout, "Acuerdos que se concluyeron")
    assert list(filas[0]) == ["Entidad", "Acuerdo", "Responsable", "Antes", "Ahora"]
    fila = next(f for f in filas if "distrito 02 (acuerdo 1)" in f["Acuerdo"] and f["Entidad"] == "Colima")
    assert (fila["Responsable"], fila["Antes"], fila["Ahora"]) == ("Vocal de Organización", "Planeación", "Concluido")
    assert {f["Responsable"] for f in filas} == {"Vocal de Organización", ""}  # quien no lo reporta: vacío

    r = _informe(copia, "compilar", "--datos", datos, "--periodo", "2024-03", "--formato", "md", "--incluir-diff",
                 "2024-02", "--salida", tmp_path / "salida")
    assert r.returncode == 0, r.stderr
    md = (tmp_path / "salida" / "informe-2024-03.md").read_text(encoding="utf-8")
    anexo = md[md.index("{#anexo-cambios}"):]
    filas = _tablas(anexo, "Acuerdos que se concluyeron")
    assert list(filas[0]) == ["Entidad", "Acuerdo", "Responsable", "Antes", "Ahora"]
    fila = next(f for f in filas if "distrito 02 (acuerdo 1)" in f["Acuerdo"] and f["Entidad"] == "Colima")
    assert fila["Responsable"] == "Vocal de Organización"
