"""Entradas hostiles, tercera ronda (issue 33, parte B): importar, el entorno, el candado de la caché y
los hallazgos menores. Cada caso dice el resultado que espera (código, mensaje, archivo intacto), no
solo que no haya traceback. Nada se mide con el reloj: una espera acotada se comprueba contando.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import DEMO, RAIZ, escribir

FIXTURES = RAIZ / "tests" / "fixtures"
SEMILLA = FIXTURES / "vmre_004.txt"
INVALIDOS = RAIZ / "ejemplos" / "invalidos"


@pytest.fixture
def datos(tmp_path) -> Path:
    """La demostración con un periodo 2024-04 abierto y vacío, listo para recibir e importar."""
    destino = tmp_path / "datos"
    shutil.copytree(DEMO, destino)
    marzo = destino / "2024-03" / "periodo.yaml"
    marzo.write_text(marzo.read_text(encoding="utf-8").replace("ultimo: true", "ultimo: false"), encoding="utf-8")
    escribir(destino / "2024-04" / "periodo.yaml", "numero: 4\ninicio: 2024-03-24\nfin: 2024-04-23\n")
    (destino / "2024-04" / "jle").mkdir()
    return destino


def _jle(periodo: str = "2024-04", extra: str = "") -> str:
    return f"entidad: Colima\nperiodo: {periodo}\nreuniones: []\nacuerdos: []\n{extra}"


def _informe(*args, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """La orden en otro proceso, con su propio entorno (la codificación de la terminal no se cambia en
    este): bytes, para ver lo que de verdad se escribió."""
    entorno = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "TERMINAL_WIDTH", "LC_ALL", "LANG")}
    entorno.update(env or {})
    return subprocess.run([sys.executable, "-m", "informe", *map(str, args)], capture_output=True, env=entorno,
                          cwd=cwd or RAIZ, timeout=300)


def _temporales(carpeta: Path) -> list[str]:
    return sorted(p.name for p in carpeta.rglob("*.tmp"))


# =========================================================================== el entorno

ASCII = {"PYTHONIOENCODING": "ascii"}
LATIN1 = {"PYTHONIOENCODING": "latin-1"}
POSIX = {"LC_ALL": "POSIX", "LANG": "", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}


@pytest.mark.parametrize("entorno, codificacion, palabra", [
    (ASCII, "ascii", "lineas"), (LATIN1, "latin-1", "líneas"), (POSIX, "ascii", "lineas")])
def test_terminal_que_no_es_utf8_no_detiene_validar(entorno, codificacion, palabra):
    r = _informe("validar", INVALIDOS, env=entorno)
    salida, error = r.stdout.decode(codificacion), r.stderr.decode(codificacion)
    assert r.returncode == 1 and "Traceback" not in error and "UnicodeEncodeError" not in error
    assert "archivos revisados: 43 errores" in salida and palabra in salida  # la ó como o, o como ó en latin-1
    assert "-> Deje un solo documento" in salida  # «→» no está en ninguna de las dos: su equivalente


@pytest.mark.parametrize("entorno", [ASCII, POSIX])
def test_terminal_ascii_en_estado_y_acuerdos(entorno):
    estado = _informe("estado", "-p", "2024-03", "-d", DEMO, env=entorno)
    texto = estado.stdout.decode("ascii")
    assert "Traceback" not in estado.stderr.decode("ascii") and "informe estado --periodo 2024-03" in texto
    acuerdos = _informe("acuerdos", "-p", "2024-03", "-d", DEMO, env=entorno)
    assert acuerdos.returncode == 0 and "Planeacion" in acuerdos.stdout.decode("ascii")
    # el JSON a una salida ASCII no pierde letras: las escribe como \u00f3
    crudo = _informe("acuerdos", "-p", "2024-03", "-d", DEMO, "-f", "json", env=entorno).stdout
    j = json.loads(crudo.decode("ascii"))
    assert any("Planeación" == a["estatus"] for a in j["acuerdos"])


@pytest.mark.parametrize("columnas", ["0", "-3", "abc", "99999999"])
def test_columns_sin_sentido_no_silencia(columnas):
    r = _informe("validar", INVALIDOS, env={"COLUMNS": columnas})
    lineas = r.stdout.decode("utf-8").splitlines()
    assert r.returncode == 1 and lineas[-1] == "28 archivos revisados: 43 errores, 20 advertencias."
    assert max(len(x) for x in lineas) <= 80


@pytest.mark.parametrize("variable, valor", [("TERMINAL_WIDTH", "abc"), ("COLUMNS", "0"), ("TERMINAL_WIDTH", "0")])
def test_ayuda_con_anchos_sin_sentido(variable, valor):
    r = _informe("--help", env={variable: valor})
    assert r.returncode == 0 and "Traceback" not in r.stderr.decode() and "validar" in r.stdout.decode()


def test_equivalentes_de_lo_que_la_terminal_no_muestra():
    from informe.terminal import equivalente

    assert [equivalente(c, "ascii") for c in "óÑ→«—…😀"] == ["o", "N", "->", '"', "-", "...", "?"]
    assert equivalente("→", "latin-1") == "->" and equivalente("\udcff", "ascii") == "?"


def test_esc_en_una_ruta_no_llega_a_la_terminal(correr):
    codigo, _, error = correr("validar", "a\x1b[31mROJO\x1b]0;titulo\x07")
    assert codigo == 2 and "\x1b" not in error and "\x07" not in error
    assert "no existe: a\\x1b[31mROJO\\x1b]0;titulo\\x07" in error


def test_ruta_sin_permiso_de_lectura_en_espanol(correr, monkeypatch, tmp_path):
    archivo = escribir(tmp_path / "colima.yaml", _jle())
    monkeypatch.setattr(os, "access", lambda *a, **k: False)  # como root todo se puede leer: se simula
    codigo, _, error = correr("validar", archivo)
    assert codigo == 2 and "no se puede leer: no hay permiso de lectura" in " ".join(error.split())
    assert "readable" not in error


@pytest.mark.parametrize("mensaje, esperado", [
    ("Path '/x' is not readable.", "Ruta '/x' no se puede leer: no hay permiso de lectura."),
    ("Path '/x' is not writable.", "Ruta '/x' no se puede escribir: no hay permiso de escritura."),
    ("Directory '/x' is a file.", "Carpeta '/x' es un archivo, no una carpeta."),
    ("File '/x' is a directory.", "Archivo '/x' es una carpeta, no un archivo."),
    ("Option '--estricto' does not take a value.", "La opción '--estricto' no lleva valor (quite el «=…»)."),
])
def test_mensajes_de_typer_que_quedaban_en_ingles(mensaje, esperado):
    from informe._es import traducir_error

    assert traducir_error(mensaje) == esperado


def test_opcion_sin_valor_en_espanol(correr):
    codigo, _, error = correr("validar", str(DEMO), "--estricto=3")
    assert codigo == 2 and "no lleva valor" in error and "does not take" not in error


# =========================================================================== el candado de la caché

def test_cache_tomada_por_otro_proceso_se_espera_una_vez(cache_propia, monkeypatch, capsys):
    from informe import cache

    monkeypatch.setattr(cache, "ESPERA", 0.05)
    cache.guardar_figura("a" * 64, b"png")
    assert cache.leer_figura("a" * 64) == b"png"
    otro = sqlite3.connect(cache_propia / cache.BASE, isolation_level=None)  # un informe detenido a media escritura
    otro.execute("BEGIN IMMEDIATE")
    esperas = []
    original = cache._apagar_por_ocupada
    monkeypatch.setattr(cache, "_apagar_por_ocupada", lambda base: (esperas.append(base), original(base)))
    for i in range(50):
        cache.guardar_figura(f"{i:064d}", b"x")
    assert len(esperas) == 1 and cache.abrir() is None  # una espera; después, sin caché
    error = capsys.readouterr().err
    assert error.count("ocupada por otro proceso") == 1 and str(cache_propia) in error
    otro.execute("ROLLBACK")
    otro.close()
    assert (cache_propia / cache.BASE).stat().st_size > 0  # la base del otro proceso no se borró


def test_cache_tomada_al_abrir_no_se_borra(cache_propia, monkeypatch, capsys):
    from informe import cache

    monkeypatch.setattr(cache, "ESPERA", 0.05)
    cache.guardar_figura("b" * 64, b"png")
    cache.reiniciar()
    otro = sqlite3.connect(cache_propia / cache.BASE, isolation_level=None)
    otro.execute("PRAGMA locking_mode=EXCLUSIVE")
    otro.execute("BEGIN EXCLUSIVE")
    assert cache.abrir() is None and "ocupada por otro proceso" in capsys.readouterr().err
    otro.execute("ROLLBACK")
    otro.close()
    cache.reiniciar()
    assert cache.leer_figura("b" * 64) == b"png"  # la fila sigue ahí: no se tomó por una base dañada


def test_validar_con_la_cache_tomada_avisa_una_vez_y_da_lo_mismo(cache_propia):
    """Como con un `informe` detenido con Ctrl+Z a media escritura: `validar` de toda la demostración
    espera una sola vez, lo dice una vez y da el mismo resultado que sin caché."""
    from informe import cache

    cache.guardar_figura("c" * 64, b"png")  # crea la base con sus tablas
    cache.reiniciar()
    otro = sqlite3.connect(cache_propia / cache.BASE, isolation_level=None)
    otro.execute("BEGIN IMMEDIATE")
    try:
        tomada = _informe("validar", DEMO, "-f", "json", env={"INFORME_CACHE": str(cache_propia)})
    finally:
        otro.execute("ROLLBACK")
        otro.close()
    sin_cache = _informe("validar", DEMO, "-f", "json", env={"INFORME_CACHE": "0"})
    error = tomada.stderr.decode()
    assert error.count("está ocupada por otro proceso") == 1 and "Traceback" not in error
    assert tomada.returncode == sin_cache.returncode == 0
    assert json.loads(tomada.stdout) == json.loads(sin_cache.stdout)


# =========================================================================== importar

@pytest.mark.parametrize("fin", ["\r", "\r\n", "\u2028", "\x85", "\x0c"])
def test_importar_tope_de_lineas_con_cualquier_final(correr, datos, tmp_path, fin):
    from informe.seguridad.importar import MAXIMO_FILAS

    anexo = tmp_path / "anexo.txt"
    anexo.write_bytes(("Colima\tAcuerdo.\tConcluido" + fin).encode("utf-8") * (MAXIMO_FILAS + 1))
    codigo, _, error = correr("importar", anexo, "-p", "2024-04", "-d", datos)
    assert codigo == 1 and f"más de {MAXIMO_FILAS:,} líneas" in " ".join(error.split())
    assert not (datos / "2024-04" / "jle" / "colima.yaml").exists()


def _docx_con(tmp_path: Path, cuerpo_de_tabla: str, nombre_principal: str = "word/document.xml",
              antes_del_documento: str = "", binario: bytes | None = None, estilos: str = "") -> Path:
    """Un DOCX hecho con python-docx cuya tabla se sustituye por `cuerpo_de_tabla` (XML de filas) y, si se
    pide, con la parte principal bajo otro nombre y algo antes de su elemento raíz (una DTD)."""
    from docx import Document

    doc = Document()
    doc.add_table(rows=1, cols=3)
    base = tmp_path / "base.docx"
    doc.save(str(base))
    salida = tmp_path / "anexo.docx"
    with zipfile.ZipFile(base) as origen, zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as z:
        for info in origen.infolist():
            nombre = info.filename
            if not nombre.endswith((".xml", ".rels")):
                z.writestr(nombre, origen.read(nombre))  # la miniatura
                continue
            parte = origen.read(nombre).decode("utf-8")
            if nombre == "word/document.xml":
                inicio, fin = parte.index("<w:tr"), parte.rindex("</w:tr>") + len("</w:tr>")
                parte = parte[:inicio] + cuerpo_de_tabla + parte[fin:]
                parte = parte.replace("?>", "?>" + antes_del_documento, 1)
                nombre = nombre_principal
            elif nombre == "word/_rels/document.xml.rels":
                nombre = nombre_principal.replace("word/", "word/_rels/") + ".rels"
            parte = parte.replace("/word/document.xml", "/" + nombre_principal).replace(
                'Target="word/document.xml"', f'Target="{nombre_principal}"')
            if nombre == "word/styles.xml":
                parte = parte.replace("</w:styles>", estilos + "</w:styles>")
            if nombre == "[Content_Types].xml" and binario is not None:  # como un objeto OLE incrustado
                parte = parte.replace("<Default ", '<Default Extension="bin" ContentType="application/vnd.'
                                      'openxmlformats-officedocument.oleObject"/><Default ', 1)
            z.writestr(nombre, parte.encode("utf-8"))
        if binario is not None:
            z.writestr("word/embeddings/oleObject1.bin", binario)
    return salida


def _fila(*celdas: str) -> str:
    return "<w:tr>" + "".join(f"<w:tc><w:p>{c}</w:p></w:tc>" for c in celdas) + "</w:tr>"


def _r(texto: str, oculto: bool = False, propiedades: str = "") -> str:
    propiedades = "<w:vanish/>" if oculto else propiedades
    return (f"<w:r>{f'<w:rPr>{propiedades}</w:rPr>' if propiedades else ''}"
            f"<w:t xml:space=\"preserve\">{texto}</w:t></w:r>")


_ESTILOS_OCULTOS = (
    '<w:style w:type="character" w:styleId="Escondido"><w:name w:val="Escondido"/><w:rPr><w:vanish/></w:rPr>'
    '</w:style><w:style w:type="character" w:styleId="Heredado"><w:name w:val="Heredado"/>'
    '<w:basedOn w:val="Escondido"/></w:style><w:style w:type="paragraph" w:styleId="NotaOculta">'
    '<w:name w:val="NotaOculta"/><w:rPr><w:vanish w:val="1"/></w:rPr></w:style>'
    '<w:style w:type="character" w:styleId="Ciclo1"><w:name w:val="Ciclo1"/><w:basedOn w:val="Ciclo2"/></w:style>'
    '<w:style w:type="character" w:styleId="Ciclo2"><w:name w:val="Ciclo2"/><w:basedOn w:val="Ciclo1"/></w:style>')


def test_importar_docx_como_lo_muestra_word(correr, datos, tmp_path):
    """Una fila dentro de un control de contenido se lee; el texto oculto (en la corrida, en su estilo de
    carácter, heredado, o en el estilo del párrafo) no entra al acuerdo."""
    filas = (_fila(_r("Entidad"), _r("Acuerdo"), _r("Estatus"))
             + _fila(_r("Colima"), _r("Visible.") + _r(" OCULTO: no lo ve nadie.", oculto=True), _r("Concluido"))
             + "<w:sdt><w:sdtPr/><w:sdtContent>"
             + _fila(_r("Colima"), _r("Dentro del control."), _r("En proceso"))
             + "</w:sdtContent></w:sdt>"
             + _fila(_r("Colima"), "<w:sdt><w:sdtContent>" + _r("Corrida en un control.") + "</w:sdtContent></w:sdt>",
                     _r("Planeación")))
    filas += _fila(_r("Colima"), _r("Con estilos.") + _r(" OCULTO por estilo.", propiedades='<w:rStyle w:val="Escondido"/>')
                   + _r(" OCULTO heredado.", propiedades='<w:rStyle w:val="Heredado"/>')
                   + _r(" En un ciclo de estilos.", propiedades='<w:rStyle w:val="Ciclo1"/>'), _r("Concluido"))
    filas += _fila(_r("Colima"), '<w:pPr><w:pStyle w:val="NotaOculta"/></w:pPr>' + _r("OCULTO el párrafo.")
                   + _r("Mostrada.", propiedades='<w:vanish w:val="0"/>'), _r("Concluido"))
    anexo = _docx_con(tmp_path, filas, estilos=_ESTILOS_OCULTOS)
    codigo, salida, error = correr("importar", anexo, "-p", "2024-04", "-d", datos)
    assert codigo == 0, error
    from informe.seguridad.almacen import cargar_datos

    informe = cargar_datos(datos).periodos["2024-04"].jle["COL"]
    assert [(a.descripcion, a.estatus) for a in informe.acuerdos] == [
        ("Visible.", "Concluido"), ("Dentro del control.", "En proceso"), ("Corrida en un control.", "Planeación"),
        ("Con estilos. En un ciclo de estilos.", "Concluido"), ("Mostrada.", "Concluido")]
    assert "OCULTO" not in (datos / "2024-04" / "jle" / "colima.yaml").read_text(encoding="utf-8")


def test_docx_con_dtd_en_una_parte_principal_que_no_se_llama_xml(correr, datos, tmp_path):
    filas = _fila(_r("Colima"), _r("Uno."), _r("Concluido"))
    limpio = _docx_con(tmp_path, filas, "word/documento.bin")
    assert correr("importar", limpio, "-p", "2024-04", "-d", datos)[0] == 0  # python-docx sí lo lee así
    (datos / "2024-04" / "jle" / "colima.yaml").unlink()
    bomba = _docx_con(tmp_path, filas, "word/documento.bin", '<!DOCTYPE w:document [<!ENTITY a "aaaa">]>')
    codigo, _, error = correr("importar", bomba, "-p", "2024-04", "-d", datos)
    assert codigo == 1 and "la parte word/documento.bin declara entidades XML" in " ".join(error.split())
    assert not (datos / "2024-04" / "jle" / "colima.yaml").exists()


def test_docx_con_una_parte_binaria_de_office_se_importa(correr, datos, tmp_path):
    """Un objeto incrustado (`vnd.openxmlformats-…oleObject`: «xml» en el nombre del tipo, bytes nulos
    dentro) no es XML: no se le exige UTF-8 ni se rechaza el anexo por él."""
    anexo = _docx_con(tmp_path, _fila(_r("Colima"), _r("Uno."), _r("Concluido")),
                      binario=b"\xd0\xcf\x11\xe0\x00\x00<!DOCTYPE\x00")
    codigo, _, error = correr("importar", anexo, "-p", "2024-04", "-d", datos)
    assert codigo == 0, error
    assert "Uno." in (datos / "2024-04" / "jle" / "colima.yaml").read_text(encoding="utf-8")


def test_importar_periodo_que_no_existe_no_escribe_nada(correr, datos):
    antes = sorted(p.relative_to(datos) for p in datos.rglob("*"))
    codigo, _, error = correr("importar", FIXTURES / "anexo1-sexto.tsv", "-p", "2031-01", "-d", datos)
    assert codigo == 2 and "no existe el periodo 2031-01" in " ".join(error.split())
    assert sorted(p.relative_to(datos) for p in datos.rglob("*")) == antes  # ni la carpeta ni un candado
    # un periodo abierto sí recibe el anexo
    assert correr("importar", FIXTURES / "anexo1-sexto.tsv", "-p", "2024-04", "-d", datos)[0] == 0


@pytest.fixture
def vmre(tmp_path) -> Path:
    carpeta = tmp_path / "vmre"
    carpeta.mkdir()
    shutil.copy(RAIZ / "datos" / "vmre" / "proceso.yaml", carpeta)
    return carpeta


@pytest.mark.parametrize("texto", ["hola\nmundo\n", "4.1.2. Solicitudes\nPAÍS\tTOTAL\n",
                                   "ENTIDAD\tTOTAL\nColima\t3\n"])
def test_vmre_importar_sin_encabezados_es_un_mensaje(correr, vmre, tmp_path, texto):
    archivo = escribir(tmp_path / "corte.txt", texto)
    codigo, _, error = correr("importar", archivo, "-p", "2023-12", "-d", vmre)
    assert codigo == 1 and "no tiene las tablas de un Informe de avances del VMRE" in " ".join(error.split())
    assert not (vmre / "2023-12").exists() or not list((vmre / "2023-12").glob("*.csv"))


def test_vmre_importar_con_finales_cr_y_tope(correr, vmre, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    cr = tmp_path / "cr.txt"
    cr.write_bytes(SEMILLA.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
    codigo, salida, _ = correr("importar", cr, "-p", "2023-12", "-d", vmre)
    assert codigo == 0 and salida.count("guardado") == 5 and "cr.txt:642: paises, Ecuador" in salida
    from informe.vmre.semilla import MAXIMO_LINEAS

    largo = escribir(tmp_path / "largo.txt", "x\r" * (MAXIMO_LINEAS + 1))
    codigo, _, error = correr("importar", largo, "-p", "2023-12", "-d", vmre)
    assert codigo == 1 and f"más de {MAXIMO_LINEAS:,} líneas" in " ".join(error.split())


# =========================================================================== temporales y disco lleno

def _muerto() -> int:
    """El pid de un proceso que ya terminó."""
    p = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(p.stdout)


def _envejecer(*rutas: Path) -> None:
    """Como si se hubieran escrito hace dos minutos (un temporal recién escrito no se toca)."""
    import time

    for ruta in rutas:
        os.utime(ruta, (time.time() - 120, time.time() - 120))


def test_temporales_de_un_proceso_muerto_se_limpian(correr, datos, tmp_path):
    jle = datos / "2024-04" / "jle"
    muerto = escribir(jle / f".colima.yaml.{_muerto()}-0123abcd.tmp", "a medias")
    reciente = escribir(jle / f".sonora.yaml.{_muerto()}-0123abcd.tmp", "de otro contenedor, escribiéndose")
    vivo = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        ajeno = escribir(jle / f".jalisco.yaml.{vivo.pid}-0123abcd.tmp", "escribiéndose")
        otro = escribir(jle / ".notas.tmp", "de otro programa")
        _envejecer(muerto, ajeno, otro)
        anexo = escribir(tmp_path / "a.tsv", "Entidad\tAcuerdo\tEstatus\nColima\tUno.\tConcluido\n")
        assert correr("importar", anexo, "-p", "2024-04", "-d", datos)[0] == 0
        assert not muerto.exists() and ajeno.exists() and otro.exists() and reciente.exists()
    finally:
        vivo.kill()
        vivo.wait()


_MATAR_AL_MOVER = """
import os, sys
os.replace = lambda a, b: os.kill(os.getpid(), 9)  # kill -9 en el peor momento: el temporal ya está escrito
from informe.cli import main
sys.argv = ["informe", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize("orden", ["importar", "plantilla"])
def test_kill_9_a_media_escritura_no_deja_temporales(datos, tmp_path, orden):
    anexo = escribir(tmp_path / "a.tsv", "Entidad\tAcuerdo\tEstatus\nColima\tUno.\tConcluido\n")
    args = (["importar", anexo, "-p", "2024-04", "-d", datos] if orden == "importar"
            else ["plantilla", "-p", "2024-04", "-e", "Colima", "-d", datos, "-o", tmp_path / "envios"])
    carpeta = datos / "2024-04" if orden == "importar" else tmp_path / "envios"
    matado = subprocess.run([sys.executable, "-c", _MATAR_AL_MOVER, *map(str, args)], cwd=RAIZ, capture_output=True)
    assert matado.returncode == -signal.SIGKILL
    assert _temporales(carpeta)  # lo que dejaba antes un kill -9: un temporal con nombre
    _envejecer(*carpeta.rglob("*.tmp"))
    r = _informe(*args)
    assert r.returncode == 0, r.stderr.decode()
    assert _temporales(carpeta) == []


def _lleno_salvo(respetar: str = "\0"):
    """Un fsync que falla con «disco lleno» (sin nombre de archivo, como el de verdad) salvo para los
    archivos cuyo nombre contiene `respetar`."""
    verdadero = os.fsync

    def fsync(fd):
        try:
            nombre = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            nombre = ""
        if respetar in nombre:
            return verdadero(fd)
        raise OSError(errno.ENOSPC, "No space left on device")

    return fsync


@pytest.mark.parametrize("anonimo", [True, False])
def test_el_temporal_no_tiene_nombre_mientras_se_escribe(tmp_path, monkeypatch, anonimo):
    """Con O_TMPFILE (Linux) mientras se escribe no hay nada en la carpeta que un kill -9 pueda dejar; sin
    él (otro sistema), un temporal oculto con el pid, que se mueve a su lugar."""
    from informe import archivos

    if anonimo and not (archivos._O_TMPFILE and os.path.isdir("/proc/self/fd")):
        pytest.skip("sin O_TMPFILE en este sistema")
    monkeypatch.setattr(archivos, "_ANONIMO", anonimo)
    vistos = []
    volcar = archivos._volcar
    monkeypatch.setattr(archivos, "_volcar", lambda fd, datos: (vistos.append(os.listdir(tmp_path)), volcar(fd, datos)))
    archivos.escribir_atomico(tmp_path / "colima.yaml", "entidad: Colima\n")
    assert archivos._ANONIMO is anonimo  # el camino pedido funcionó, sin caer al otro
    if anonimo:
        assert vistos == [[]]
    else:
        nombre, = vistos[0]
        assert nombre.startswith(f".colima.yaml.{os.getpid()}-") and nombre.endswith(".tmp")
    assert os.listdir(tmp_path) == ["colima.yaml"] and (tmp_path / "colima.yaml").read_text() == "entidad: Colima\n"
    assert (tmp_path / "colima.yaml").stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    actual = os.umask(0)
    os.umask(actual)
    return actual


def test_escribir_atomico_con_el_disco_lleno_nombra_el_archivo(tmp_path, monkeypatch):
    from informe.archivos import escribir_atomico

    destino = escribir(tmp_path / "colima.yaml", "antes\n")
    monkeypatch.setattr(os, "fsync", _lleno_salvo())
    with pytest.raises(OSError) as e:
        escribir_atomico(destino, "después\n")
    assert e.value.errno == errno.ENOSPC and e.value.filename == str(destino)
    assert destino.read_text() == "antes\n" and sorted(p.name for p in tmp_path.iterdir()) == ["colima.yaml"]


@pytest.mark.parametrize("orden, archivo", [
    ("recibir", "colima.yaml"), ("importar", "2024-04/.importando-acuerdos"), ("plantilla", "envios/colima-2024-04.yaml"),
    ("periodo nuevo", "2024-05/periodo.yaml")])
def test_disco_lleno_nombra_el_archivo(correr, datos, tmp_path, monkeypatch, orden, archivo):
    correo = escribir(tmp_path / "correo" / "colima.yaml", _jle())
    anexo = escribir(tmp_path / "a.tsv", "Entidad\tAcuerdo\tEstatus\nColima\tUno.\tConcluido\n")
    args = {"recibir": ["recibir", correo, "-p", "2024-04", "-d", datos],
            "importar": ["importar", anexo, "-p", "2024-04", "-d", datos],
            "plantilla": ["plantilla", "-p", "2024-04", "-e", "Colima", "-d", datos, "-o", tmp_path / "envios"],
            "periodo nuevo": ["periodo", "nuevo", "-d", datos]}[orden]
    monkeypatch.setattr(os, "fsync", _lleno_salvo(".informe.candado"))
    codigo, _, error = correr(*args)
    mensaje = " ".join(error.split())
    assert codigo == 1 and "el disco está lleno" in mensaje and archivo in mensaje, error
    assert ".tmp" not in mensaje and ".abriendo" not in mensaje and "No space" not in mensaje
    assert not (datos / "2024-05").exists()  # periodo nuevo: nada a medias


def test_reenvio_con_el_disco_lleno_no_deja_respaldo(correr, datos, tmp_path, monkeypatch):
    correo = escribir(tmp_path / "correo" / "colima.yaml", _jle())
    assert correr("recibir", correo, "-p", "2024-04", "-d", datos)[0] == 0
    guardado = datos / "2024-04" / "jle" / "colima.yaml"
    antes = guardado.read_bytes()
    escribir(correo, _jle(extra="medidas:\n  - descripcion: Recorridos.\n    estatus: En proceso\n"))
    monkeypatch.setattr(os, "fsync", _lleno_salvo("anterior-"))  # el respaldo cabe; el archivo nuevo no
    codigo, _, error = correr("recibir", correo, "-p", "2024-04", "-d", datos)
    assert codigo == 1 and "el disco está lleno" in error and "colima.yaml" in error
    assert guardado.read_bytes() == antes
    assert sorted(p.name for p in guardado.parent.iterdir()) == ["colima.yaml"]  # sin .anterior-1 ni temporales


# =========================================================================== acuerdos --salida

def test_acuerdos_salida_en_un_enlace_no_lo_sustituye(correr, datos, tmp_path):
    destino = escribir(tmp_path / "destino.csv", "intacto\n")
    enlace = tmp_path / "enlace.csv"
    enlace.symlink_to(destino)
    codigo, _, error = correr("acuerdos", "-d", datos, "-f", "csv", "--salida", enlace)
    assert codigo == 2 and "es un enlace simbólico: no se sustituye" in " ".join(error.split())
    assert enlace.is_symlink() and os.readlink(enlace) == str(destino) and destino.read_text() == "intacto\n"


@pytest.mark.parametrize("nodo, mensaje", [("/dev/stdout", "enlace simbólico"), ("/dev/null", "no es un archivo común")])
def test_acuerdos_salida_en_un_dispositivo_no_lo_sustituye(correr, datos, nodo, mensaje):
    if not os.path.lexists(nodo):
        pytest.skip(f"{nodo} no existe en este sistema")
    antes = os.lstat(nodo)
    codigo, _, error = correr("acuerdos", "-d", datos, "-f", "json", "--salida", nodo)
    assert codigo == 2 and mensaje in " ".join(error.split())
    despues = os.lstat(nodo)
    assert (despues.st_mode, despues.st_ino) == (antes.st_mode, antes.st_ino)


# =========================================================================== VMRE

@pytest.mark.parametrize("marca", ["\u200e", "\u200b", "\u200c", "\u200f", "\u200d"])
def test_celda_vmre_con_marca_invisible_se_advierte(marca):
    """(U+2060, U+FEFF y U+2066–2069 no tienen glifo en la letra del informe: son `texto-sin-glifo`, error,
    en una celda como en el YAML.)"""
    from informe.vmre.lectura import ENCABEZADOS, leer_tabla

    encabezado = ",".join(ENCABEZADOS["consultas"])
    carga = leer_tabla(f"{encabezado}\nCorreo{marca} electrónico,1,2,3,6\nTOTAL,1,2,3,6\n".encode(), "c.csv", "consultas")
    aviso, = [p for p in carga.problemas if p.codigo == "texto-escritura"]
    assert (aviso.severidad, aviso.linea, aviso.columna) == ("advertencia", 2, 7)
    assert f"U+{ord(marca):04X}" in aviso.mensaje and aviso.mensaje.startswith("SERVICIO: ")
    assert carga.registro.filas[0].etiqueta == f"Correo{marca} electrónico"  # el valor se toma igual


def test_tabla_vmre_que_falta_o_es_carpeta_se_reporta(correr, correr_json, tmp_path):
    carpeta = tmp_path / "vmre"
    shutil.copytree(RAIZ / "datos" / "vmre", carpeta)
    (carpeta / "2023-12" / "spots.csv").unlink()
    (carpeta / "2023-12" / "boletines.csv").unlink()
    (carpeta / "2023-12" / "boletines.csv").mkdir()
    codigo, j = correr_json("validar", carpeta, "-f", "json")
    faltan = sorted((Path(p["archivo"]).name, p["mensaje"]) for p in j["problemas"] if p["codigo"] == "vmre-tabla-falta")
    assert codigo == 1 and [n for n, _ in faltan] == ["boletines.csv", "spots.csv"]
    assert "es una carpeta" in faltan[0][1] and "no está" in faltan[1][1]
    codigo, _, error = correr("compilar", "-p", "2023-12", "-d", carpeta, "-f", "md", "-o", tmp_path / "salida")
    assert codigo == 1 and "vmre-tabla-falta" in error and not (tmp_path / "salida" / "informe-2023-12.md").exists()
