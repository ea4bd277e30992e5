"""La CLI: salidas, códigos de salida, ayuda en español y arranque ligero."""

from __future__ import annotations

import re

import json
import subprocess
import sys

from pathlib import Path

from conftest import DEMO, INVALIDOS, RAIZ


def test_validar_json(correr_json):
    codigo, datos = correr_json("validar", INVALIDOS / "fecha-posterior.yaml", "--datos", DEMO, "--formato", "json")
    assert codigo == 1
    assert datos["archivos"] == 1 and datos["errores"] == 1 and datos["advertencias"] == 0
    [p] = datos["problemas"]
    assert set(p) == {"archivo", "linea", "columna", "codigo", "severidad", "mensaje", "sugerencia"}
    assert p["archivo"].endswith("fecha-posterior.yaml")
    assert (p["linea"], p["codigo"], p["severidad"]) == (6, "fecha-posterior", "error")
    assert "(del 24 de enero al 23 de febrero de 2024)" in p["mensaje"]


def test_validar_texto_formato_de_linea(correr):
    codigo, salida, _ = correr("validar", INVALIDOS / "estatus-desconocido.yaml", "--datos", DEMO)
    assert codigo == 1
    lineas = salida.splitlines()
    assert lineas[0].endswith("estatus-desconocido.yaml (1 error)")
    # a 80 columnas el problema se parte entre palabras, con sangría francesa
    assert lineas[1].endswith("estatus-desconocido.yaml:7:14: error estatus-desconocido")
    assert lineas[2] == "    acuerdos[1].estatus: «Terminado» no está en el catálogo."
    assert lineas[-1] == "1 archivo revisado: 1 error, 0 advertencias."


def test_codigos_de_salida(correr, tmp_path):
    assert correr("validar", DEMO, "--datos", DEMO)[0] == 0
    assert correr("validar", DEMO, "--datos", DEMO, "--estricto")[0] == 1  # la demo tiene advertencias
    assert correr("validar", INVALIDOS / "fecha-anterior.yaml", "--datos", DEMO)[0] == 0
    assert correr("validar", INVALIDOS / "fecha-anterior.yaml", "--datos", DEMO, "--estricto")[0] == 1
    codigo, _, error = correr("validar", tmp_path / "no-existe.yaml")
    assert codigo == 2 and "no existe" in error
    assert correr("validar", DEMO, "--opcion-inventada")[0] == 2
    assert correr("validar")[0] == 2


def test_texto_de_datos_no_es_marcado(correr, tmp_path):
    f = tmp_path / "x.yaml"
    f.write_text("entidad: '[bold]Colima[/bold]'\nperiodo: 2024-05\n", encoding="utf-8")
    _, salida, _ = correr("validar", f)
    assert "«[bold]Colima[/bold]»" in salida


def test_esquema_es_el_publicado(correr):
    _, salida, _ = correr("esquema")
    esquema = json.loads(salida)
    from informe.seguridad.esquema import obligatorias

    assert obligatorias(esquema) == ["entidad", "periodo"]
    estatus = esquema["properties"]["acuerdos"]["items"]["properties"]["estatus"]
    assert [s["body"] for s in estatus["defaultSnippets"]] == ["Planeación", "En proceso", "Concluido"]
    # sin «examples»: el editor los mostraba todos al pasar el cursor (32 para «entidad»)
    assert "examples" not in estatus and "examples" not in esquema["properties"]["entidad"]
    assert json.loads((RAIZ / "docs" / "jle.schema.json").read_text(encoding="utf-8")) == esquema


def test_ayuda_en_espanol(correr):
    codigo, salida, _ = correr("--help")
    assert codigo == 0
    for texto in ("Uso:", "Comandos", "validar", "Muestra esta ayuda y termina."):
        assert texto in salida
    _, salida, _ = correr("validar", "--help")
    assert "Argumentos" in salida and "Opciones" in salida and "--estricto" in salida
    assert "Usage" not in salida and "Show this message" not in salida


def test_arranque_no_importa_bibliotecas_pesadas():
    codigo = ("import sys, runpy; sys.argv=['informe','validar','--help']\n"
              "try:\n    runpy.run_module('informe', run_name='__main__')\nexcept SystemExit: pass\n"
              # registrar las órdenes de cada familia no lee sus modelos, sus tablas ni YAML: --help no los paga
              "pesadas = [m for m in ('matplotlib','docx','pypandoc','typst','jinja2','yaml','informe.tablas_csv',\n"
              "  'informe.seguridad.modelo','informe.seguridad.catalogos','informe.vmre.modelo') if m in sys.modules]\n"
              "print('PESADAS=' + ','.join(pesadas))")
    r = subprocess.run([sys.executable, "-c", codigo], capture_output=True, text=True, cwd=RAIZ)
    assert r.stdout.strip().splitlines()[-1] == "PESADAS="


def test_python_m_informe():
    r = subprocess.run([sys.executable, "-m", "informe", "validar", str(DEMO), "--datos", str(DEMO),
                        "--formato", "json"], capture_output=True, text=True, cwd=RAIZ)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["errores"] == 0


def test_cada_codigo_esta_documentado():
    from informe.familias import REGISTRO, familia
    from informe.problemas import CODIGOS, GRUPOS, NUCLEO, TABLAS

    for nombre in REGISTRO:  # cada familia registra sus códigos al registrarse
        familia(nombre)
    assert {"vmre-desglose", "seguimiento-desconocido", "yaml-alias"} <= set(CODIGOS)
    doc = (RAIZ / "docs" / "validacion.md").read_text(encoding="utf-8")
    for codigo, (severidad, _) in CODIGOS.items():  # los de una familia de prueba no son del documento
        if GRUPOS[codigo] in (NUCLEO, TABLAS, *REGISTRO):
            assert f"| `{codigo}` | {severidad} |" in doc


def test_texto_de_los_datos_no_llega_crudo_a_la_terminal(correr, tmp_path):
    """Una secuencia de escape en un dato se muestra como texto, nunca se envía a la terminal."""
    ruta = tmp_path / "col.yaml"
    ruta.write_text('entidad: Colima\nperiodo: 2024-05\nacuerdos:\n  - descripcion: Uno\n    estatus: "\\e[2J\\e]0;x\\a\\u202eTerminado"\n',
                    encoding="utf-8")
    codigo, salida, _ = correr("validar", ruta, "--datos", tmp_path)
    assert codigo == 1 and "estatus-desconocido" in salida
    assert "\x1b" not in salida and "\u202e" not in salida and "\x07" not in salida
    assert "\\x1b[2J" in salida and "\\u202e" in salida


def test_periodo_solo_ascii():
    from informe.cargar import PATRON_PERIODO

    assert PATRON_PERIODO.match("2024-03")
    for malo in ("2024-03\n", "２０２４-03", "2024-3", "2024-13", "٢٠٢٤-03"):
        assert not PATRON_PERIODO.match(malo), malo


def test_version(correr):
    from informe import __version__

    codigo, salida, _ = correr("--version")
    assert codigo == 0 and salida.strip() == f"informe {__version__}"


def test_ayuda_sin_tipos_de_python(correr):
    for orden in ("compilar", "validar", "recibir", "diff"):
        _, salida, _ = correr(orden, "--help")
        assert not re.search(r"<(str|path|bool|int|list\[)", salida), orden


def test_la_ayuda_cabe_en_una_pantalla(correr, monkeypatch):
    """80×24: la ayuda de cada orden cabe en una pantalla; los detalles están en docs/ordenes.md."""
    monkeypatch.setenv("COLUMNS", "80")
    for orden in ([], ["validar"], ["esquema"], ["resumen"], ["compilar"], ["diff"], ["plantilla"], ["recibir"],
                  ["estado"], ["acuerdos"], ["importar"], ["periodo"], ["periodo", "nuevo"], ["vista"]):
        codigo, salida, _ = correr(*orden, "--help")
        assert codigo == 0 and len(salida.splitlines()) <= 24, (orden, len(salida.splitlines()))
        assert max(len(linea) for linea in salida.splitlines()) <= 80
    assert "docs/ordenes.md" in correr("--help")[1]


def test_opciones_que_perdonan(correr, tmp_path):
    datos = DEMO
    for periodo in ("2024-02", "2024-2", "febrero 2024", "Febrero de 2024", "feb 2024", "febrero", "2"):
        codigo, salida, _ = correr("resumen", "-p", periodo, "-d", datos, "-f", "JSON")  # formato en mayúsculas
        assert codigo == 0 and json.loads(salida)["periodo"] == "2024-02", periodo
    codigo, _, error = correr("resumen", "-p", "2024-13", "-d", datos)
    assert codigo == 2 and "Se escribe 2024-07, julio 2024 o el número del informe." in " ".join(error.split())
    codigo, _, error = correr("acuerdos", "-e", "México", "-d", datos)
    assert codigo == 2 and "¿cuál de las dos? Escriba --entidad CDMX o --entidad Edomex." in " ".join(error.split())
    assert correr("acuerdos", "-e", "Edomex", "-d", datos, "-f", "CSV")[0] == 0
    codigo, _, error = correr("estado", "-p", "2", "-d", tmp_path / "no-hay")
    assert codigo == 2 and f"no existe la carpeta de datos {tmp_path / 'no-hay'}" in " ".join(error.split())
    codigo, _, error = correr("compilar", "2024-02", "-d", datos)
    assert codigo == 2 and "el periodo se indica con la opción --periodo: informe compilar --periodo 2024-02" in \
        " ".join(re.sub(r"[─│╭╮╰╯]", " ", error).split())


def _copia_de_la_demo(tmp_path):
    import shutil

    datos = tmp_path / "otra carpeta" / "datos"
    shutil.copytree(DEMO, datos)
    return datos


def test_la_orden_para_revisar_los_errores_va_entera_en_su_renglon(correr, tmp_path, monkeypatch):
    """Tras errores en los datos, `compilar` da `informe validar` con su --datos (no es la carpeta por
    omisión) en un renglón propio, para pegarla; no a media oración («vea `informe validar`»)."""
    monkeypatch.setenv("COLUMNS", "80")
    _copia_de_la_demo(tmp_path)
    monkeypatch.chdir(tmp_path)
    datos = Path("otra carpeta/datos")
    ultimo = sorted(p for p in datos.iterdir() if p.is_dir() and p.name[:4].isdigit())[-1]
    jle = sorted((ultimo / "jle").glob("*.yaml"))[0]
    jle.write_text(jle.read_text(encoding="utf-8").replace("periodo:", "entidad_extra: 1\nperiodo:", 1), encoding="utf-8")
    codigo, _, error = correr("compilar", "-p", ultimo.name, "-d", datos, "-o", "s", "-f", "md")
    assert codigo == 1 and "clave-desconocida" in error
    assert error.splitlines()[-1] == "  informe validar --datos 'otra carpeta/datos'"
    assert "`informe" not in error


def test_periodo_nuevo_con_un_periodo_invalido_da_la_orden_que_lo_revisa(correr, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    datos = _copia_de_la_demo(tmp_path)
    ultimo = sorted(p for p in datos.iterdir() if p.is_dir() and p.name[:4].isdigit())[-1]
    (ultimo / "periodo.yaml").write_text("numero: [\n", encoding="utf-8")
    codigo, _, error = correr("periodo", "nuevo", "-d", datos)
    assert codigo == 1
    renglones = error.splitlines()
    assert renglones[-1].strip() == f"informe validar '{ultimo}'"  # entre comillas: la ruta tiene un espacio
    assert "no tiene un periodo.yaml válido" in " ".join(error.split()) and "`informe" not in error
