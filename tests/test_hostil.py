"""Entradas hostiles, segunda ronda (issue 23), por las seis clases del ataque:

1. ningún archivo sale de la máquina;   2. ningún código corre desde los datos;
3. ningún recurso se agota;             4. ningún envío se pierde, ningún traceback;
5. la caché no confía en extraños;      6. lo menor.

Cada caso dice el código o el mensaje que espera. Nada se mide con el reloj: los tiempos van a
benchmarks/bench_hostil.py; aquí se comprueba que el trabajo está acotado (cuentas, topes), no cuánto tarda.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from conftest import DEMO, escribir

COLIMA = (DEMO / "2024-03" / "jle" / "colima.yaml").read_text(encoding="utf-8")


@pytest.fixture
def datos(tmp_path) -> Path:
    """La demostración con un periodo 2024-04 abierto y vacío, listo para recibir."""
    destino = tmp_path / "datos"
    shutil.copytree(DEMO, destino)
    marzo = destino / "2024-03" / "periodo.yaml"
    marzo.write_text(marzo.read_text(encoding="utf-8").replace("ultimo: true", "ultimo: false"), encoding="utf-8")
    escribir(destino / "2024-04" / "periodo.yaml", "numero: 4\ninicio: 2024-03-24\nfin: 2024-04-23\n")
    (destino / "2024-04" / "jle").mkdir()
    return destino


def _jle(periodo: str = "2024-04", extra: str = "") -> str:
    return f"entidad: Colima\nperiodo: {periodo}\nreuniones: []\nacuerdos: []\n{extra}"


def _codigos(problemas) -> list[tuple[str, int | None]]:
    return [(p["codigo"] if isinstance(p, dict) else p.codigo, p["linea"] if isinstance(p, dict) else p.linea)
            for p in problemas]


def _texto(tmp_path: Path, fuente: str, nombre: str = "acuerdos.md"):
    """Un texto del periodo 2024-04 de una carpeta de datos mínima, como lo lee `validar`."""
    from informe import textos

    raiz = tmp_path / "d"
    escribir(raiz / "2024-04" / "textos" / nombre, fuente)
    leidos, problemas = textos.del_periodo(raiz, "2024-04", {"acuerdos": "", "temas": ""})
    assert not problemas
    return leidos[0]


def _revisar(texto) -> list:
    from informe import textos
    from informe.seguridad.agregar import forma_textos

    return textos.revisar(texto, forma_textos())


# =========================================================================== 1. nada sale de la máquina

def test_enlace_recibido_no_se_sigue_ni_se_copia_su_destino(correr, datos, tmp_path):
    secreto = escribir(tmp_path / "secreto.txt", "contraseña: 1234\n")
    correo = tmp_path / "correo"
    correo.mkdir()
    (correo / "adjunto.yaml").symlink_to(secreto)
    codigo, salida, _ = correr("recibir", correo, "-p", "2024-04", "-d", datos)
    assert codigo == 1 and "archivo-enlace" in salida
    copia, = (datos / "2024-04" / "rechazados").iterdir()
    assert not copia.is_symlink() and copia.read_bytes() == b""  # una copia vacía, nunca el destino
    acuse, = (datos / "2024-04" / "acuses").iterdir()
    assert "1234" not in acuse.read_text(encoding="utf-8") and "enlace simbólico" in acuse.read_text(encoding="utf-8")


def test_fifo_y_dispositivo_no_se_abren(correr_json, correr, datos, tmp_path):
    tubo = tmp_path / "tubo.yaml"
    os.mkfifo(tubo)
    codigo, j = correr_json("validar", tubo, "/dev/zero", "-f", "json")
    assert codigo == 1 and sorted((p["archivo"], p["codigo"]) for p in j["problemas"]) == \
        [("/dev/zero", "archivo-dispositivo"), (str(tubo), "archivo-fifo")]
    # recibida, una FIFO también deja su acuse y una copia (vacía): nada llega y desaparece
    codigo, _, _ = correr("recibir", tubo, "-p", "2024-04", "-d", datos)
    assert codigo == 1
    assert len(list((datos / "2024-04" / "acuses").iterdir())) == 1
    assert len(list((datos / "2024-04" / "rechazados").iterdir())) == 1


def test_validar_una_carpeta_no_entra_en_enlaces(correr_json, tmp_path):
    escribir(tmp_path / "fuera" / "otro.yaml", _jle())
    carpeta = tmp_path / "correo"
    carpeta.mkdir()
    (carpeta / "sub").symlink_to(tmp_path / "fuera", target_is_directory=True)
    (carpeta / "a.yaml").symlink_to(tmp_path / "fuera" / "otro.yaml")
    codigo, j = correr_json("validar", carpeta, "-f", "json")
    assert j["archivos"] == 1 and _codigos(j["problemas"]) == [("archivo-enlace", None)]


@pytest.mark.parametrize("destino, motivo", [
    ("/etc/passwd", "es absoluta"),
    ("http://127.0.0.1:9/x.png", "dirección de red"),
    ("//servidor/x.png", "dirección de red"),
    ("../../../etc/x.png", "«..»"),
    ("no-existe.png", "no existe"),
    ("acuerdos.md", "no es una imagen"),
])
def test_imagen_fuera_del_periodo_es_texto_imagen(tmp_path, destino, motivo):
    texto = _texto(tmp_path, f"Intro.\n\n![Mapa]({destino})\n")
    problemas = _revisar(texto)
    assert [(p.codigo, p.linea, p.columna) for p in problemas] == [("texto-imagen", 3, 1)]
    assert motivo in problemas[0].mensaje


def test_imagen_por_enlace_que_sale_es_texto_imagen(tmp_path):
    escribir(tmp_path / "fuera.png", b"\x89PNG")
    texto = _texto(tmp_path, "![x](mapa.png)\n")
    (texto.carpeta / "mapa.png").symlink_to(tmp_path / "fuera.png")
    assert [p.codigo for p in _revisar(texto)] == ["texto-imagen"]


def test_imagen_dentro_del_periodo_se_copia_junto_al_informe(tmp_path):
    from informe.textos import componer

    texto = _texto(tmp_path, '![Mapa](mapa.png "Mapa")\n')
    escribir(texto.carpeta / "mapa.png", _png())
    assert _revisar(texto) == []
    copias = []
    salida = componer(texto, {"r": {}, "proceso": {}}, lambda real: copias.append(real) or "imagenes-2024-04/a.png")
    assert salida == '![Mapa](imagenes-2024-04/a.png "Mapa")' and copias == [texto.carpeta / "mapa.png"]


@pytest.mark.parametrize("markdown, mensaje", [
    ("![x](/etc/passwd)", "imagen no permitida"),
    ("![x](http://127.0.0.1:9/x.png)", "imagen no permitida"),
    ("![x](graficas-2024-04/../../secreto.png)", "imagen no permitida"),
    ("```{=openxml}\n<w:p/>\n```", "bloque crudo {=openxml}"),
    ("a `#read(\"/etc/passwd\")`{=typst} b", "elemento crudo {=typst}"),
])
def test_pandoc_no_embebe_ni_pide_nada_fuera_de_las_copias(tmp_path, markdown, mensaje):
    """La segunda barrera (plantillas/recursos.lua), por si algo llega al Markdown sin pasar por validar."""
    from informe import convertir

    with pytest.raises(convertir.ErrorDeConversion) as e:
        convertir._pandoc(markdown, "docx", tmp_path / "x.docx", [f"--resource-path={tmp_path}"])
    assert mensaje in str(e.value) and "Traceback" not in str(e.value)


def test_typst_compila_en_una_raiz_sin_la_carpeta_de_salida(tmp_path):
    from datetime import date
    from types import SimpleNamespace

    from informe import convertir

    salida = tmp_path / "salida"
    escribir(salida / "secreto.txt", "no debe leerse")
    ctx = SimpleNamespace(r=SimpleNamespace(fin=date(2024, 4, 23)))
    with pytest.raises(convertir.ErrorDeConversion):
        convertir.typst_a_pdf('#read("secreto.txt")', salida / "x.pdf", salida, ctx)
    assert not (salida / "x.pdf").exists()


# =========================================================================== 2. ningún código corre

@pytest.mark.parametrize("fuente, linea, columna", [
    ("Intro.\n\n```{=openxml}\n<w:fldSimple w:instr=\"DDEAUTO c:\\\\cmd.exe\"/>\n```\n", 3, 4),
    ("Texto `#read(\"x\")`{=typst} fin.\n", 1, 19),
    ("Texto <img src=\"/etc/passwd\"> fin.\n", 1, 7),
    ("Un\n::: {=html}\nx\n:::\n", 2, 5),
])
def test_crudo_en_un_texto_es_texto_crudo(tmp_path, fuente, linea, columna):
    assert [(p.codigo, p.linea, p.columna) for p in _revisar(_texto(tmp_path, fuente))] == \
        [("texto-crudo", linea, columna)]


def test_el_crudo_dentro_de_un_bloque_de_codigo_es_literal(tmp_path):
    assert _revisar(_texto(tmp_path, "```\nx `y`{=typst} <b>\n```\n")) == []


def test_un_texto_no_cambia_las_cifras(tmp_path):
    from informe.errores import ErrorDeTexto
    from informe.textos import Texto, componer

    r = {"reuniones": {"total": 41}}
    with pytest.raises(ErrorDeTexto) as e:
        componer(Texto("acuerdos", "acuerdos.md", '{% if r.reuniones.update({"total": 999}) %}x{% endif %}'),
                 {"r": r, "proceso": {}})
    assert r == {"reuniones": {"total": 41}} and "(texto-plantilla)" in str(e.value)
    assert "línea 1" in str(e.value) and "update" not in str(e.value)  # ningún mensaje de Jinja


def test_una_cifra_mal_escrita_es_texto_variable_con_sugerencia(tmp_path):
    linea = "{{ r.reuniones.totales | numero }} reuniones y {{ r.acuerdos.por_estatus['Concluidos'] }}."
    problemas = _revisar(_texto(tmp_path, f"Hubo\n{linea}\n"))
    assert [(p.codigo, p.linea, p.columna) for p in problemas] == \
        [("texto-variable", 2, linea.index("totales") + 1), ("texto-variable", 2, linea.index("Concluidos") + 1)]
    assert problemas[0].sugerencia == "¿Quiso decir «r.reuniones.total»?"
    assert problemas[1].mensaje.startswith('«r.acuerdos.por_estatus["Concluidos"]» no es una cifra del informe')
    assert problemas[1].sugerencia == '¿Quiso decir «r.acuerdos.por_estatus["Concluido"]»?'


def test_la_forma_de_los_textos_es_la_del_resumen():
    """Todo lo que `forma_textos` declara existe en un resumen real (si Resumen cambia, esto lo delata)."""
    from informe.seguridad.agregar import forma_textos
    from informe.seguridad.almacen import cargar_datos
    from informe.seguridad.agregar import resumir
    from informe.textos import CUALQUIERA

    resumen = resumir(cargar_datos(DEMO).periodos, "2024-03")

    def recorrer(forma, valor, camino):
        for clave, sub in forma.items():
            if clave == CUALQUIERA or valor is None:
                continue
            hijo = valor[clave] if isinstance(valor, dict) else getattr(valor, clave)
            if isinstance(sub, dict):
                recorrer(sub, hijo, f"{camino}.{clave}")

    recorrer(forma_textos()["r"], resumen, "r")


def test_sintaxis_en_espanol(tmp_path):
    problemas = _revisar(_texto(tmp_path, "Hubo {{ r.reuniones.total \n"))
    assert [p.codigo for p in problemas] == ["texto-plantilla"]
    assert problemas[0].mensaje == ("Error de sintaxis de plantilla: el texto termina sin cerrar un «{% … %}» o "
                                    "«{{ … }}».")


def test_plantillas_del_directorio_de_trabajo_no_se_usan(correr, tmp_path, monkeypatch):
    escribir(tmp_path / "trabajo" / "plantillas" / "informe.md.j2", "PLANTILLA AJENA {{ 6 * 7 }}\n")
    monkeypatch.chdir(tmp_path / "trabajo")
    codigo, _, error = correr("compilar", "-p", "2024-02", "-d", DEMO, "-o", tmp_path / "s", "-f", "md")
    assert codigo == 0, error
    assert "PLANTILLA AJENA" not in (tmp_path / "s" / "informe-2024-02.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("plantilla, mensaje", [
    ('{% if r.reuniones.update({"total": 0}) %}{% endif %}', "no se puede calcular"),
    ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}", "límite"),
    ("{{ 'x' * 10 ** 9 }}", "límite"),
    ("{{ r.no_existe }}", "«no_existe» no existe"),
    ("{% for x in %}", "error de sintaxis"),
])
def test_plantillas_nombradas_tambien_en_la_caja(correr, tmp_path, plantilla, mensaje):
    escribir(tmp_path / "propias" / "secciones" / "solicitudes.md.j2", plantilla + "\n")
    codigo, _, error = correr("compilar", "-p", "2024-02", "-d", DEMO, "-o", tmp_path / "s", "-f", "md",
                              "--plantillas", tmp_path / "propias")
    assert codigo == 1 and "Error en la etapa md" in error and mensaje in " ".join(error.split())
    assert "Traceback" not in error and "object" not in error and "undefined" not in error


def test_plantilla_que_no_es_utf8(correr, tmp_path):
    escribir(tmp_path / "propias" / "secciones" / "solicitudes.md.j2", "Año\n".encode("latin-1"))
    codigo, _, error = correr("compilar", "-p", "2024-02", "-d", DEMO, "-o", tmp_path / "s", "-f", "md",
                              "--plantillas", tmp_path / "propias")
    assert codigo == 1 and "no está en UTF-8 (byte 0xF1)" in error


# =========================================================================== 3. ningún recurso se agota

@pytest.mark.parametrize("fuente, limite", [
    ('{% for a in "x" * 100000 %}{% for b in "x" * 100000 %}{% endfor %}{% endfor %}', "vueltas de ciclo"),
    ('{{ "x".center(3000000000) }}', "3,000,000,000"),
    ('{{ "x" | center(3000000000) }}', "3,000,000,000"),
    ("{{ 7 ** 30000000 }}", "bits"),
    ('{{ "x" * 10 ** 9 }}', "repetición"),
    ('{{ "%0999999999d" % 1 }}', "formato"),
    ('{{ "{:>999999999}".format(1) }}', "formato"),
    ('{{ ("x" * 1000) | replace("", "y" * 100000) }}', "pasaría"),
    ('linea 1\n{% set s = "x" * 900000 %}{{ s ~ s }}', "1,000,000 caracteres"),
])
def test_limites_de_la_caja_son_problemas_con_su_linea(fuente, limite):
    from informe.errores import ErrorDeTexto
    from informe.textos import Texto, componer

    with pytest.raises(ErrorDeTexto) as e:
        componer(Texto("acuerdos", "acuerdos.md", fuente), {"r": {}, "proceso": {}})
    assert "(texto-limite)" in str(e.value) and limite in str(e.value)
    assert f"línea {fuente.count(chr(10)) + 1}" in str(e.value)


def test_reenvio_con_muchos_acuerdos_reescritos_acota_las_comparaciones(monkeypatch):
    """Emparejar redacciones no es cuadrático sin fin: pasado el tope, lo que falta recibe id nuevo y el
    reenvío, al «eliminar» los guardados, pide --reemplazar."""
    from informe.seguridad import recibir as r
    from informe.seguridad.modelo import Acuerdo, InformeJLE

    import difflib

    llamadas = []

    class Contado(difflib.SequenceMatcher):
        def ratio(self):
            llamadas.append(1)
            return super().ratio()

    monkeypatch.setattr(difflib, "SequenceMatcher", Contado)
    monkeypatch.setattr(r, "COMPARACIONES_MAXIMAS", 50)
    textos = [f"Acuerdo número {i} sobre la seguridad del traslado de paquetes electorales" for i in range(200)]
    guardado = InformeJLE("g", "COL", "2024-04", acuerdos=[Acuerdo(f"COL-2024-04-{i + 1:03d}", t, None, None, 0)
                                                           for i, t in enumerate(textos)])
    nuevo = InformeJLE("n", "COL", "2024-04", acuerdos=[Acuerdo("", t + " (corregido).", None, None, 0, id_explicito=False)
                                                        for t in textos])
    r.asignar_ids(nuevo, guardado)
    assert len(llamadas) <= 50
    assert r.destructivo(r.cambios(guardado, nuevo))


def test_problemas_cruzados_se_acotan_por_codigo(correr_json, datos):
    seguimiento = "".join(f"  - acuerdo: COL-2024-03-{900000 + i}\n    estatus: Concluido\n" for i in range(400))
    ruta = escribir(datos / "2024-04" / "jle" / "colima.yaml", _jle(extra="seguimiento:\n" + seguimiento))
    codigo, j = correr_json("validar", ruta, "-d", datos, "-f", "json")
    desconocidos = [p for p in j["problemas"] if p["codigo"] == "seguimiento-desconocido"]
    assert len(desconocidos) == 101
    assert [p["linea"] for p in desconocidos if p["mensaje"] == "… y 300 problemas más del mismo tipo en este archivo."] \
        == [None]


def test_importar_texto_con_demasiadas_filas(correr, datos, tmp_path):
    from informe.seguridad.importar import MAXIMO_FILAS

    anexo = escribir(tmp_path / "anexo.txt", "Colima\tAcuerdo.\tConcluido\n" * (MAXIMO_FILAS + 1))
    codigo, _, error = correr("importar", anexo, "-p", "2024-04", "-d", datos)
    assert codigo == 1 and f"más de {MAXIMO_FILAS:,} líneas" in error
    assert not (datos / "2024-04" / "jle" / "colima.yaml").exists()


# =========================================================================== 4. nada se pierde, ningún traceback

def test_id_de_miles_de_cifras(correr, correr_json, datos, tmp_path):
    enorme = "9" * 5000
    ruta = escribir(tmp_path / "correo" / "colima.yaml",
                    _jle(extra=f"seguimiento:\n  - acuerdo: COL-2024-03-{enorme}\n    estatus: Concluido\n")
                    .replace("acuerdos: []", f"acuerdos:\n  - id: COL-2024-04-{enorme}\n    descripcion: Uno.\n"
                                             "    estatus: Concluido"))
    codigo, j = correr_json("validar", ruta, "-d", datos, "-f", "json")
    assert codigo == 1 and {"id-invalido", "seguimiento-desconocido"} <= {p["codigo"] for p in j["problemas"]}
    codigo, _, _ = correr("recibir", ruta, "-p", "2024-04", "-d", datos)
    assert codigo == 1
    copia, = (datos / "2024-04" / "rechazados").iterdir()
    assert copia.read_bytes() == ruta.read_bytes()
    assert len(list((datos / "2024-04" / "acuses").iterdir())) == 1


@pytest.mark.parametrize("valor, mensaje", [
    ("0" + "5" * 5000, "tiene ceros a la izquierda"),  # int() de más de 4300 cifras falla: no se calcula
    ("-" + "5" * 5000, "es negativo"),
    ('"' + "5" * 5000 + '"', "está entre comillas"),
])
def test_cifra_de_miles_de_digitos_mal_escrita(correr_json, datos, tmp_path, valor, mensaje):
    reunion = f"  - fecha: 2024-04-02\n    modalidad: virtual\n    asistentes: {valor}\n"
    ruta = escribir(tmp_path / "colima.yaml", _jle().replace("reuniones: []", "reuniones:\n" + reunion))
    codigo, j = correr_json("validar", ruta, "-d", datos, "-f", "json")
    asistentes, = [p for p in j["problemas"] if p["linea"] == 6]
    assert codigo == 1 and asistentes["codigo"] == "asistentes-invalido" and mensaje in asistentes["mensaje"]
    assert len(asistentes["mensaje"]) + len(asistentes["sugerencia"]) < 300  # el valor citado, recortado


def test_disco_lleno_al_recibir_dice_el_archivo(correr, datos, tmp_path, monkeypatch):
    from informe import archivos

    def lleno(ruta, contenido):
        raise OSError(errno.ENOSPC, "No space left on device", str(ruta))

    monkeypatch.setattr(archivos, "escribir_atomico", lleno)
    ruta = escribir(tmp_path / "colima.yaml", _jle())
    codigo, _, error = correr("recibir", ruta, "-p", "2024-04", "-d", datos)
    assert codigo == 1 and "el disco está lleno" in error and "colima.yaml" in error
    assert "Traceback" not in error and "No space" not in error


def test_carpeta_de_datos_de_solo_lectura(correr, datos, tmp_path, monkeypatch):
    from informe import archivos

    def sin_permiso(carpeta, espera=60.0):
        raise PermissionError(errno.EACCES, "Permission denied", str(carpeta / ".informe.candado"))

    monkeypatch.setattr(archivos, "candado", sin_permiso)
    codigo, _, error = correr("recibir", escribir(tmp_path / "c.yaml", _jle()), "-p", "2024-04", "-d", datos)
    assert codigo == 1 and "no hay permiso" in error and ".informe.candado" in error


def test_salida_dentro_de_los_datos_se_niega(correr, datos, tmp_path):
    jle = datos / "2024-03" / "jle" / "colima.yaml"
    antes = jle.read_bytes()
    codigo, _, error = correr("acuerdos", "-d", datos, "-f", "json", "--salida", jle)
    assert codigo == 2 and "dentro de la carpeta de datos" in error and jle.read_bytes() == antes
    codigo, _, error = correr("compilar", "-p", "2024-03", "-d", datos, "-o", datos / "salida", "-f", "md")
    assert codigo == 2 and "dentro de la carpeta de datos" in error


def test_plantilla_salida_sobre_un_archivo(correr, datos, tmp_path):
    archivo = escribir(tmp_path / "ya-existe", "x")
    codigo, _, error = correr("plantilla", "-p", "2024-04", "-e", "Colima", "-d", datos, "--salida", archivo)
    assert codigo == 2 and "es un archivo, no una carpeta" in " ".join(error.split()) and archivo.read_text() == "x"


def test_xlsx_con_controles(tmp_path):
    from informe.seguridad.consulta import FilaAcuerdo, xlsx_bytes

    fila = FilaAcuerdo("COL-2024-04-001", "COL", "2024-04", "Acuerdo\x1b[2J con ESC\x07\x00", None,
                       [("2024-04", None)])
    contenido = xlsx_bytes([fila], "t")
    import io
    import zipfile

    hoja = zipfile.ZipFile(io.BytesIO(contenido)).read("xl/worksheets/sheet1.xml").decode()
    assert "Acuerdo\\x1b[2J con ESC\\x07\\x00" in hoja


CONSULTAS = "SERVICIO,EUA,MEXICO,RESTO_DEL_MUNDO,TOTAL"
ENTREVISTAS = "FECHA,MEDIO,PROGRAMA,CIUDAD,ENLACE"

def _tabla_vmre(tipo: str, contenido: str | bytes):
    from informe.vmre.lectura import leer_tabla

    datos = contenido if isinstance(contenido, bytes) else contenido.encode("utf-8")
    return leer_tabla(datos, "t.csv", tipo)


# Las tablas CSV del VMRE (issue 26) pasan por el lector declarativo del núcleo (tablas_csv): cada
# problema es un valor con archivo, línea y columna de la celda, nunca un traceback.
@pytest.mark.parametrize("tipo, contenido, esperado", [
    # solo CR (Excel para Mac antiguo) y CRLF son saltos de línea: antes, una sola fila «sin el encabezado»
    ("consultas", f"{CONSULTAS}\rSubsane,28,,3,31\rTOTAL,28,,3,31\r", []),
    ("consultas", f"{CONSULTAS}\r\nSubsane,28,,3,31\r\nTOTAL,28,,3,31\r\n", []),
    ("consultas", "\ufeff" + f"{CONSULTAS}\nSubsane,28,,3,31\nTOTAL,28,,3,31\n", []),
    # una celda de cientos de KiB (el módulo csv falla en 128 KiB) es un problema de su celda
    ("consultas", f'{CONSULTAS}\n"{"x" * 300_000}",1,2,3,6\nTOTAL,,,,\n', [("tabla-celda-larga", 2, 1)]),
    ("consultas", f"{CONSULTAS}\n{'x' * 300_000},1,2,3,6\nTOTAL,,,,\n", [("tabla-celda-larga", 2, 1)]),
    # ², cifras de ancho completo, miles de dígitos (int() se niega pasadas 4,300), signos y exponentes
    ("consultas", f"{CONSULTAS}\nSubsane,²,,,\nTOTAL,,,,\n", [("tabla-tipo", 2, 9)]),
    ("consultas", f"{CONSULTAS}\nSubsane,１２,,,\nTOTAL,,,,\n", [("tabla-tipo", 2, 9)]),
    ("consultas", f"{CONSULTAS}\nSubsane,{'9' * 1500},,,\nTOTAL,,,,\n", [("tabla-tipo", 2, 9)]),
    ("consultas", f"{CONSULTAS}\nSubsane,{'9' * 6000},,,\nTOTAL,,,,\n", [("tabla-celda-larga", 2, 9)]),
    ("consultas", f"{CONSULTAS}\nSubsane,-1,+2,1e3,\nTOTAL,,,,\n",
     [("tabla-tipo", 2, 9), ("tabla-tipo", 2, 12), ("tabla-tipo", 2, 15)]),
    # filas cortas o largas, sin fila TOTAL, claves y filas TOTAL repetidas
    ("consultas", f"{CONSULTAS}\nSubsane,1,2\nSubsane,1,2,3,4,5\nTOTAL,,,,\n",
     [("tabla-celdas", 2, None), ("tabla-celdas", 3, None)]),
    ("consultas", f"{CONSULTAS}\nSubsane,1,2,3,6\n", [("tabla-sin-total", None, None)]),
    ("consultas", f"{CONSULTAS}\nSubsane,1,,,1\nSubsane,1,,,1\nTOTAL,1,,,1\n", [("tabla-clave-repetida", 3, 1)]),
    ("consultas", f"{CONSULTAS}\nSubsane,1,,,1\nTOTAL,1,,,1\nTOTAL,1,,,1\n", [("tabla-clave-repetida", 4, 1)]),
    # llamadas: una fila TOTAL por campaña es la forma publicada, no una repetición
    ("llamadas", "CAMPANA,RESULTADO,TOTAL\nA,Contestó,1\nA,TOTAL,1\nB,Contestó,2\nB,TOTAL,2\n", []),
    ("llamadas", "CAMPANA,RESULTADO,TOTAL\nA,Contestó,1\nA,TOTAL,1\nA,TOTAL,1\n", [("tabla-clave-repetida", 4, 3)]),
    # comillas sin cerrar: su celda, y la fila que quedó corta
    ("consultas", f'{CONSULTAS}\n"Subsane,1,2,3,6\nTOTAL,,,,\n',
     [("tabla-comillas", 2, 1), ("tabla-celdas", 2, None), ("tabla-sin-total", None, None)]),
    # controles y marcas de dirección: Typst no tiene con qué dibujarlos en un PDF/A (el PDF no se producía),
    # la terminal los ejecuta, y U+202E invierte lo que se lee
    ("entrevistas", f"{ENTREVISTAS}\n2023-11-01,a\x1b[2J\x07b,p,c,\n", [("tabla-caracter", 2, 13)]),
    ("entrevistas", f"{ENTREVISTAS}\n2023-11-01,Medio,p\u202egpj.exe,c,\n", [("tabla-caracter", 2, 19)]),
    # una fórmula en una celda de texto es texto: se lee tal cual (el informe la escapa, `importar` la neutraliza)
    ("entrevistas", f'{ENTREVISTAS}\n2023-11-01,"=HYPERLINK(""http://x"",""c"")",p,c,\n', []),
    # enlaces: solo https:// con un nombre de sitio; urlsplit fallaba con «[», y el sitio es el texto del vínculo
    ("entrevistas", f"{ENTREVISTAS}\n2023-11-01,a,p,c,https://[x/\n", [("tabla-tipo", 2, 18)]),
    ("entrevistas", f"{ENTREVISTAS}\n2023-11-01,a,p,c,https://*_a_*/\n", [("tabla-tipo", 2, 18)]),
    ("entrevistas", f"{ENTREVISTAS}\n2023-11-01,a,p,c,javascript:alert(1)\n", [("tabla-tipo", 2, 18)]),
    ("entrevistas", f"{ENTREVISTAS}\n2023-11-01,a,p,c,https://x.mx)](http://127.0.0.1:9/\n", [("tabla-tipo", 2, 18)]),
    # lo que no es UTF-8 dice su byte; UTF-16 y NUL no son texto
    ("consultas", f"{CONSULTAS}\nManifestación,1,,,1\nTOTAL,1,,,1\n".encode("latin-1"), [("archivo-codificacion", 2, 12)]),
    ("consultas", f"{CONSULTAS}\nTOTAL,,,,\n".encode("utf-16"), [("archivo-binario", 1, None)]),
], ids=["solo-cr", "crlf", "bom", "celda-enorme", "celda-enorme-sin-comillas", "superindice", "ancho-completo",
        "1500-cifras", "6000-cifras", "signos", "aridad", "sin-total", "clave-repetida", "total-repetido", "totales-por-campana",
        "total-repetido-campana", "comillas", "controles", "bidi", "formula", "enlace-corchete", "enlace-cursiva",
        "enlace-javascript", "enlace-que-escapa", "latin1", "utf16"])
def test_tabla_csv_vmre_hostil(tipo, contenido, esperado):
    carga = _tabla_vmre(tipo, contenido)
    assert [(p.codigo, p.linea, p.columna) for p in carga.problemas] == esperado
    assert all(p.archivo == "t.csv" and p.mensaje and p.sugerencia for p in carga.problemas)


def test_tabla_csv_vmre_lee_la_formula_como_texto():
    carga = _tabla_vmre("entrevistas", f'{ENTREVISTAS}\n2023-11-01,"=HYPERLINK(""http://x"",""c"")",p,c,\n')
    assert carga.registro.filas[0].valores["MEDIO"] == '=HYPERLINK("http://x","c")'


@pytest.mark.parametrize("fila, codigo", [("Subsane,x,x,x,x", "tabla-tipo"), ("a", "tabla-celdas")])
def test_tabla_csv_vmre_acota_problemas_por_codigo(fila, codigo):
    carga = _tabla_vmre("consultas", f"{CONSULTAS}\n" + "".join(f"{fila.replace('Subsane', f'S{i}')}\n"
                                                               for i in range(20_000)) + "TOTAL,,,,\n")
    del_codigo = [p for p in carga.problemas if p.codigo == codigo]
    assert len(del_codigo) == 101  # los 100 primeros y su resumen, ya en el lector
    assert del_codigo[-1].linea is None and f"{20_000 * (4 if codigo == 'tabla-tipo' else 1) - 100:,} problemas más" \
        in del_codigo[-1].mensaje


def test_csv_vmre_enlazado_o_fifo_en_el_periodo(correr_json, tmp_path):
    from conftest import RAIZ

    carpeta = tmp_path / "vmre"
    shutil.copytree(RAIZ / "datos" / "vmre", carpeta)
    periodo = carpeta / "2023-12"
    secreto = escribir(tmp_path / "secreto.csv", "contraseña,1234\n")
    (periodo / "boletines.csv").unlink()
    (periodo / "boletines.csv").symlink_to(secreto)
    (periodo / "entrevistas.csv").unlink()
    os.mkfifo(periodo / "entrevistas.csv")
    codigo, j = correr_json("validar", carpeta, "-f", "json")
    errores = sorted((Path(p["archivo"]).name, p["codigo"]) for p in j["problemas"] if p["severidad"] == "error")
    assert codigo == 1 and errores == [("boletines.csv", "archivo-enlace"), ("entrevistas.csv", "archivo-fifo")]
    assert "1234" not in json.dumps(j)


def test_csv_vmre_solo_cr_y_celda_enorme():
    from informe.vmre.lectura import ENCABEZADOS, leer_tabla

    encabezado = ",".join(ENCABEZADOS["consultas"])
    carga = leer_tabla(f"{encabezado}\rTOTAL,1,2,3,6\r".encode(), "c.csv", "consultas")
    assert not [p for p in carga.problemas if p.codigo == "tabla-encabezado"] and len(carga.registro.totales) == 1
    carga = leer_tabla(f'{encabezado}\nCorreo,"{"x" * 200_000},1,2,3\nTOTAL,1,2,3,6\n'.encode(), "c.csv", "consultas")
    # la comilla que no cierra se traga el resto del archivo: se dice dónde empieza, y que falta el TOTAL
    assert [(p.codigo, p.linea) for p in carga.problemas] == [("tabla-comillas", 2), ("tabla-celdas", 2),
                                                               ("tabla-sin-total", None)]
    carga = leer_tabla(f'{encabezado}\nCorreo,{"x" * 200_000},1,2,3\nTOTAL,1,2,3,6\n'.encode(), "c.csv", "consultas")
    assert [(p.codigo, p.linea, p.columna) for p in carga.problemas][0] == ("tabla-celda-larga", 2, 8)


@pytest.mark.parametrize("cifra", ["²", "１２", "9" * 5000])
def test_cifras_vmre_raras(cifra):
    from informe.vmre.semilla import _cifra

    assert _cifra(cifra) is None


def test_periodo_nuevo_interrumpido_se_nombra_y_se_repara(correr, correr_json, datos):
    resto = datos / "2024-05"
    escribir(resto / ".periodo.yaml.abc123.tmp", "numero: 5\n")  # lo que dejaba un kill -9 antes
    (datos / ".abriendo-xyz").mkdir()
    codigo, j = correr_json("validar", datos, "-d", datos, "-f", "json")
    assert ("periodo-incompleto", None) in _codigos(j["problemas"])
    codigo, salida, error = correr("periodo", "nuevo", "-d", datos)
    assert codigo == 0, error
    assert (resto / "periodo.yaml").is_file() and not (resto / ".periodo.yaml.abc123.tmp").exists()
    assert not (datos / ".abriendo-xyz").exists()


# =========================================================================== 5. la caché no confía en extraños

def test_carpeta_de_cache_que_otros_escriben_no_se_usa(cache_propia):
    from informe import cache

    cache_propia.mkdir(mode=0o700)
    os.chmod(cache_propia, 0o777)
    assert cache.abrir() is None
    os.chmod(cache_propia, 0o700)
    cache.reiniciar()
    assert cache.abrir() is not None
    assert stat.S_IMODE(os.stat(cache_propia / "clave").st_mode) == 0o600


def test_base_de_cache_que_otros_escriben_no_se_usa(cache_propia):
    from informe import cache

    assert cache.abrir() is not None
    cache.reiniciar()
    os.chmod(cache_propia / cache.BASE, 0o666)
    assert cache.abrir() is None


def test_fila_plantada_no_cambia_lo_que_dice_validar(cache_propia):
    """Una fila de `validaciones` sin la firma del usuario (copiada de otra caché o escrita a mano) se ignora."""
    from informe import cache
    from informe.familias import de_carpeta

    familia = de_carpeta(DEMO)
    cache.guardar_problemas("clave-x", [], familia)
    assert cache.leer_problemas("clave-x", familia) == []
    conexion = sqlite3.connect(cache_propia / cache.BASE)
    import hashlib

    valor = cache.a_json([], familia)
    conexion.execute("INSERT OR REPLACE INTO validaciones VALUES (?, ?, ?)",
                     ("clave-y", hashlib.blake2b(valor, digest_size=32).hexdigest(), valor))  # la firma de antes
    conexion.execute("UPDATE validaciones SET huella = ? WHERE clave = 'clave-x'", ("0" * 64,))
    conexion.commit()
    assert cache.leer_problemas("clave-y", familia) is None
    assert cache.leer_problemas("clave-x", familia) is None


def test_corte_del_indice_alterado_se_recalcula(cache_propia, correr_json):
    """Planeación 0 en lugar de lo que dicen los YAML: un corte alterado no pasa su firma."""
    from informe import cache

    codigo, antes = correr_json("resumen", "-p", "2024-03", "-d", DEMO, "-f", "json")
    conexion = sqlite3.connect(cache_propia / cache.BASE)
    assert conexion.execute("SELECT count(*) FROM cortes").fetchone()[0] >= 1
    conexion.execute("UPDATE cortes SET filas = filas")  # la fila sigue firmada
    conexion.execute("UPDATE cortes SET base = 'x'")  # y ahora no
    conexion.execute("DELETE FROM validaciones")
    conexion.commit()
    cache.reiniciar()
    codigo, despues = correr_json("resumen", "-p", "2024-03", "-d", DEMO, "-f", "json")
    assert despues == antes


# =========================================================================== 6. lo menor

def test_csv_en_la_salida_estandar_sin_controles(correr, datos):
    jle = datos / "2024-03" / "jle" / "colima.yaml"
    jle.write_text(jle.read_text(encoding="utf-8").replace(
        "Acordar el acompañamiento de seguridad", "Acordar \\e]0;x\\a el acompañamiento de seguridad", 1),
        encoding="utf-8")
    codigo, salida, error = correr("acuerdos", "-d", datos, "-f", "csv")
    # ESC y BEL no se pueden imprimir en el PDF: el acuerdo no se acepta (texto-sin-glifo, con su posición),
    # y ni el aviso ni nada de lo que sale a la terminal lleva el control crudo
    assert codigo == 1 and "texto-sin-glifo" in salida + error and "U+001B" in salida + error
    assert "\x1b" not in salida + error and "\x07" not in salida + error


def test_salto_de_linea_en_el_nombre_no_fabrica_lineas(correr, tmp_path):
    ruta = escribir(tmp_path / "a\nb.yaml: error falso.yaml", "entidad: [\n")
    codigo, salida, _ = correr("validar", ruta)
    assert codigo == 1 and not any(l.startswith("b.yaml: error falso") for l in salida.splitlines())
    assert "a\\x0ab.yaml" in salida


def test_docx_con_dtd_en_utf16(correr, datos, tmp_path):
    import zipfile

    ruta = tmp_path / "anexo.docx"
    with zipfile.ZipFile(ruta, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types/>')
        z.writestr("word/document.xml", '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'
                   .encode("utf-16"))
    codigo, _, error = correr("importar", ruta, "-p", "2024-04", "-d", datos)
    assert codigo == 1 and "no está en UTF-8" in error


def test_id_explicito_no_sustituye_ni_borra_estatus_sin_reemplazar(correr, datos, tmp_path):
    primero = escribir(tmp_path / "c1.yaml", _jle().replace(
        "acuerdos: []", "acuerdos:\n  - descripcion: Reforzar la vigilancia de las bodegas distritales.\n"
                        "    estatus: En proceso"))
    assert correr("recibir", primero, "-p", "2024-04", "-d", datos)[0] == 0
    segundo = escribir(tmp_path / "c2.yaml", _jle().replace(
        "acuerdos: []", "acuerdos:\n  - id: COL-2024-04-001\n    descripcion: Comprar patrullas nuevas para todos.\n"))
    codigo, salida, _ = correr("recibir", segundo, "-p", "2024-04", "-d", datos)
    assert codigo == 1 and "no guardado" in salida  # el estado «rechazado» (espera --reemplazar)
    guardado = (datos / "2024-04" / "jle" / "colima.yaml").read_text(encoding="utf-8")
    assert "bodegas distritales" in guardado and "En proceso" in guardado


@pytest.mark.parametrize("fecha, sugerencia", [("2024-4-2", "Escriba 2024-04-02"), ("２０２４-04-02", "cifras comunes")])
def test_fechas_laxas(correr_json, tmp_path, fecha, sugerencia):
    ruta = escribir(tmp_path / "c.yaml", _jle().replace("reuniones: []", f"reuniones:\n  - fecha: {fecha}\n"
                                                                         "    modalidad: virtual"))
    codigo, j = correr_json("validar", ruta, "-f", "json")
    fechas = [p for p in j["problemas"] if p["codigo"] == "fecha-invalida"]
    assert len(fechas) == 1 and fechas[0]["linea"] == 4 and sugerencia in fechas[0]["sugerencia"]


def test_ancla_sin_alias(correr_json, tmp_path):
    ruta = escribir(tmp_path / "c.yaml", _jle().replace("entidad: Colima", "entidad: &e Colima"))
    codigo, j = correr_json("validar", ruta, "-f", "json")
    assert codigo == 1 and _codigos(j["problemas"]) == [("yaml-alias", 1)]


def test_importar_interrumpido_se_nombra(correr_json, datos):
    escribir(datos / "2024-04" / ".importando-acuerdos", "informe importar anexo.docx --periodo 2024-04 --tabla acuerdos\n")
    codigo, j = correr_json("validar", datos, "-d", datos, "-f", "json")
    marcas = [p for p in j["problemas"] if p["codigo"] == "importar-incompleto"]
    assert len(marcas) == 1 and "informe importar anexo.docx" in marcas[0]["sugerencia"]


def test_importar_fila_demasiado_larga_no_culpa_a_la_herramienta(correr, datos, tmp_path):
    anexo = escribir(tmp_path / "anexo.txt", "Colima\t" + "Acuerdo muy largo. " * 2000 + "\tConcluido\n")
    codigo, salida, _ = correr("importar", anexo, "-p", "2024-04", "-d", datos)
    assert codigo == 1 and "texto-largo" in salida and "error de la herramienta" not in salida


def test_etiqueta_hyperlink_vmre_neutralizada():
    from informe.vmre.semilla import csv_de

    texto = csv_de("consultas", [['=HYPERLINK("http://x","clic")', 1, 2, 3, 6]])
    assert '\n"\'=HYPERLINK(' in texto


def test_una_lista_impresa_entera_tambien_se_escapa():
    from informe.textos import Texto, componer

    salida = componer(Texto("acuerdos", "acuerdos.md", "{{ r.l }}"),
                      {"r": {"l": ["![x](/etc/passwd)", "x`{=openxml}`"]}, "proceso": {}})
    assert "!\\[x\\]" in salida and "\\{=openxml\\}" in salida  # escapados: se leen literales


def test_crudo_armado_a_pedazos_se_detiene_al_componer():
    from informe.errores import ErrorDeTexto
    from informe.textos import Texto, componer

    with pytest.raises(ErrorDeTexto) as e:
        componer(Texto("acuerdos", "acuerdos.md", "a {% if 1 %}<{% endif %}img src=/etc/passwd> b"),
                 {"r": {}, "proceso": {}})
    assert "(texto-crudo)" in str(e.value)


# Lo que un dato VMRE lleva al informe (celdas de tablas de issue 26, actividades y siglas en YAML, el
# texto alternativo de una imagen y la etiqueta de una gráfica, issue 27) es texto en md, docx y pdf: ni
# Markdown, ni Typst, ni OOXML, ni fórmula; y el PDF sigue siendo PDF/A-2a + PDF/UA-1, con los mismos bytes.
CARGAS = ['**neg** [l](http://127.0.0.1:9/x) ![i](/etc/passwd)', '`x`{=openxml}', '#read("/etc/passwd")',
          'a]b}c{d <w:r><w:t>XX</w:t></w:r>', '=HYPERLINK("http://x","c")', '$\\frac{a}{$ "q" \\ ^s^ ~b~ @c']


def _png() -> bytes:
    """Un PNG de 1×1 blanco, escrito aquí: el test no depende de una imagen de otro lugar."""
    import struct
    import zlib

    def trozo(tipo: bytes, datos: bytes) -> bytes:
        return struct.pack(">I", len(datos)) + tipo + datos + struct.pack(">I", zlib.crc32(tipo + datos))

    return (b"\x89PNG\r\n\x1a\n" + trozo(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + trozo(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + trozo(b"IEND", b""))


def _vmre_hostil(destino: Path) -> Path:
    import csv
    import io

    from conftest import RAIZ

    shutil.copytree(RAIZ / "datos" / "vmre", destino)
    periodo = destino / "2023-12"

    def cambiar(archivo: str, columna: str, valores: list[str]) -> None:
        filas = list(csv.reader(io.StringIO((periodo / archivo).read_text(encoding="utf-8"))))
        j = filas[0].index(columna)
        for fila, valor in zip(filas[1:], valores):
            fila[j] = valor
        memoria = io.StringIO()
        csv.writer(memoria, lineterminator="\n").writerows(filas)
        (periodo / archivo).write_text(memoria.getvalue(), encoding="utf-8")

    cambiar("boletines.csv", "TITULO", CARGAS)
    cambiar("redes_sociales.csv", "RED", ['X "a" ]} {b}\n$\\frac{a}{$ `y`{=typst}'])
    import yaml

    actividades = "".join(f"  - seccion: coordinacion\n    titulo: {yaml.safe_dump(c, width=1000).splitlines()[0]}\n"
                          for c in CARGAS)
    corte = periodo / "corte.yaml"
    corte.write_text(corte.read_text(encoding="utf-8").replace("actividades:\n", "actividades:\n" + actividades, 1),
                     encoding="utf-8")
    escribir(periodo / "textos" / "mapa.png", _png())
    escribir(periodo / "textos" / "local_unico.md", 'Sedes: ![Mapa "con" comillas } {x} \\\\ & fin](mapa.png)\n')
    return destino


def test_datos_vmre_hostiles_compilan_inertes_y_accesibles(tmp_path):
    import re
    import zipfile

    import accesible
    from pypdf import PdfReader

    from conftest import tabla_md
    from informe.compilar import compilar
    from informe.validar import validar

    datos = _vmre_hostil(tmp_path / "vmre")
    assert [p.codigo for p in validar([datos]).problemas if p.severidad == "error"] == []
    compilar(datos, "2023-12", tmp_path / "a")
    compilar(datos, "2023-12", tmp_path / "b")
    nombres = ("informe-2023-12.md", "informe-2023-12.docx", "informe-2023-12.pdf")
    assert [(tmp_path / "a" / n).read_bytes() == (tmp_path / "b" / n).read_bytes() for n in nombres] == [True] * 3
    carpeta = tmp_path / "a"
    markdown = (carpeta / nombres[0]).read_text(encoding="utf-8")
    # md: cada carga se lee como el texto que es, en su celda
    boletines = [f[3] for f in tabla_md(markdown, "Boletines")[:len(CARGAS)]]
    assert boletines == CARGAS
    # docx: ni vínculo a la red, ni imagen de fuera, ni XML del dato, ni campo
    with zipfile.ZipFile(carpeta / nombres[1]) as z:
        documento = z.read("word/document.xml").decode("utf-8")
        relaciones = z.read("word/_rels/document.xml.rels").decode("utf-8")
        medios = [n for n in z.namelist() if n.startswith("word/media/")]
    assert "127.0.0.1" not in relaciones and "passwd" not in relaciones
    assert "<w:t>XX</w:t>" not in documento and "&lt;w:r&gt;&lt;w:t&gt;XX" in documento
    campos = re.findall(r"<w:instrText[^>]*>([^<]*)", documento) + re.findall(r'w:instr="([^"]*)"', documento)
    assert campos and not [c for c in campos if not re.match(r"\s*(TOC|SEQ|PAGE|NUMPAGES|REF)\b", c)]  # los del informe
    assert len(medios) == 1  # el mapa del texto, nada más (el VMRE no dibuja gráficas: el publicado no las tiene)
    descr = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', documento)
    assert 'Mapa &quot;con&quot; comillas } {x} \\ &amp; fin' in descr
    # pdf: PDF/A-2a + PDF/UA-1 y los mismos textos alternativos, literales
    lector = PdfReader(str(carpeta / nombres[2]))
    assert accesible.revisar_pdf(carpeta / nombres[2], lector.metadata["/Title"],
                                 accesible.titulos_del_indice(markdown)) == []
    alternativos = [str(e["/Alt"]) for e in accesible.estructura(lector) if e["/S"] == "/Figure"]
    assert 'Mapa "con" comillas } {x} \\ & fin' in alternativos
    # la red hostil ya no va en una gráfica (el VMRE no las tiene): en su tabla se lee literal
    redes = tabla_md(markdown, "redes sociales")
    assert redes[0][0] == 'X "a" ]} {b}\n$\\frac{a}{$ `y`{=typst}'
