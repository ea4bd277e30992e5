"""El contrato de una familia, probado para cada una del REGISTRO: su ejemplo valida sin errores y
compila a Markdown; `resumen --formato json` y `diff --formato json` corren y dicen el periodo; una
celda alterada en el ejemplo es un problema con su código, archivo y línea. Una familia nueva entra a
estos tests con su línea del registro y los atributos `ejemplo` y `alteracion`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from informe.almacen import ids_de_periodo
from informe.familias import REGISTRO, familia

RAIZ = Path(__file__).resolve().parent.parent


def _informe(*argumentos, cwd: Path) -> subprocess.CompletedProcess:
    entorno = {**os.environ, "COLUMNS": "80", "INFORME_CACHE": "0"}
    return subprocess.run([sys.executable, "-m", "informe", *map(str, argumentos)], cwd=cwd, env=entorno,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(params=sorted(REGISTRO))
def ejemplo(request, tmp_path):
    fam = familia(request.param)
    assert fam.ejemplo, f"la familia {fam.nombre} no declara su carpeta de ejemplo"
    destino = tmp_path / "ejemplo"
    shutil.copytree(RAIZ / fam.ejemplo, destino)
    return fam, destino


def test_el_ejemplo_valida_compila_resume_y_compara(ejemplo, tmp_path):
    fam, datos = ejemplo
    periodos = ids_de_periodo(datos)
    assert len(periodos) >= 2, "el ejemplo necesita dos cortes para diff"
    r = _informe("validar", datos, "--formato", "json", cwd=tmp_path)
    problemas = json.loads(r.stdout)["problemas"]
    assert [p for p in problemas if p["severidad"] == "error"] == []
    assert r.returncode == 0, r.stderr

    salida = tmp_path / "salida"
    r = _informe("compilar", "--datos", datos, "--periodo", periodos[-1], "--formato", "md", "--salida", salida,
                 "--permitir-faltantes", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    md = (salida / f"informe-{periodos[-1]}.md").read_text(encoding="utf-8")
    assert len(md) > 1000 and "{{" not in md and "Traceback" not in md

    r = _informe("resumen", "--datos", datos, "--periodo", periodos[-1], "--formato", "json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    resumen = json.loads(r.stdout)
    assert resumen["periodo"] == periodos[-1] and resumen["inicio"] and resumen["fin"]

    r = _informe("diff", "--datos", datos, "--desde", periodos[0], "--hasta", periodos[-1], "--formato", "json",
                 cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    diferencias = json.loads(r.stdout)
    assert (diferencias["desde"], diferencias["hasta"]) == (periodos[0], periodos[-1])


def test_una_celda_alterada_del_ejemplo_es_un_problema(ejemplo, tmp_path):
    fam, datos = ejemplo
    archivo, texto, reemplazo, codigo = fam.alteracion
    ruta = datos / archivo
    original = ruta.read_text(encoding="utf-8")
    assert texto in original, f"{fam.nombre}: la alteración de prueba ya no está en {archivo}"
    linea = original[:original.index(texto)].count("\n") + 1
    ruta.write_text(original.replace(texto, reemplazo, 1), encoding="utf-8")
    r = _informe("validar", datos, "--formato", "json", cwd=tmp_path)
    assert r.returncode == 1
    problemas = json.loads(r.stdout)["problemas"]
    assert any(p["codigo"] == codigo and p["archivo"].endswith(archivo) and p["linea"] == linea
               for p in problemas), problemas


def test_lo_que_el_nucleo_lee_de_la_familia_es_del_tipo_del_contrato(ejemplo):
    """`preparar` da un `Resumen` (periodo, inicio, fin, como_json) y su contexto es un `Contexto` con su
    `Portada`: lo único que compilar, convertir y docx_formato leen de una familia."""
    import io
    from datetime import date

    from informe.familias import Contexto, Portada, Resumen
    from informe.mostrar import escribir_json
    from informe.validar import validar_hasta

    fam, datos = ejemplo
    pid = ids_de_periodo(datos)[-1]
    _, cargas = validar_hasta(datos, pid, fam)
    preparado = fam.preparar(datos, pid, cargas)
    assert isinstance(preparado.resumen, Resumen) and preparado.resumen.periodo == pid
    assert isinstance(preparado.resumen.inicio, date) and preparado.resumen.inicio <= preparado.resumen.fin
    texto = io.StringIO()
    escribir_json(preparado.resumen.como_json(), texto)
    assert json.loads(texto.getvalue())["periodo"] == pid
    ctx = preparado.contexto({}, None)
    assert isinstance(ctx, Contexto) and isinstance(ctx.proceso, Portada) and ctx.r is preparado.resumen
    assert ctx.titulo and ctx.titulo_corto and ctx.proceso.institucion
    plantillas = ctx.para_plantillas()
    assert plantillas["proceso"] is ctx.proceso and set(ctx.propio) <= set(plantillas)
