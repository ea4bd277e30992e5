"""Entradas hostiles, tercera ronda (issue 33, parte A): la caja de arena, las plantillas, proceso.yaml, las
palabras que Typst no puede partir, las imágenes y lo que validar y los convertidores deben decir igual.

Cada caso dice el código, el mensaje o el tope que espera. Los topes de memoria se comprueban con un
límite de espacio de direcciones en un subproceso (`RLIMIT_AS`), nunca esperando ni midiendo el reloj;
los tiempos van a benchmarks/bench_hostil.py.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DEMO, escribir


def _componer(fuente: str):
    from informe.textos import Texto, componer

    return componer(Texto("acuerdos", "acuerdos.md", fuente), {"r": {}, "proceso": {}})


def _revisar(fuente: str) -> list:
    from informe.textos import Texto, revisar

    return revisar(Texto("acuerdos", "acuerdos.md", fuente))


def _con_tope_de_memoria(megas: int):
    """preexec_fn: el subproceso no puede reservar más de `megas` MiB (lo que el ataque reservaba: 1-6 GB)."""
    def limitar() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (megas * 2**20, megas * 2**20))

    return limitar


def _informe(*argumentos, megas: int = 1500, cwd: Path | None = None) -> subprocess.CompletedProcess:
    entorno = {**os.environ, "INFORME_CACHE": "0", "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "informe", *map(str, argumentos)], capture_output=True, text=True,
                          env=entorno, cwd=cwd, preexec_fn=_con_tope_de_memoria(megas), timeout=600)


@pytest.fixture
def demo(tmp_path) -> Path:
    destino = tmp_path / "datos"
    shutil.copytree(DEMO, destino)
    return destino


# =========================================================================== la caja: cotas antes de construir

S = '{% set s = "x" * 900000 %}'


@pytest.mark.parametrize("fuente, mensaje", [
    (S + "{{ ([s] * 3000) | join }}", "«join» pasaría de 1,000,000 caracteres"),
    (S + '{{ "".join([s] * 3000) }}', "«join» pasaría de 1,000,000 caracteres"),
    (S + "{{ ([s] * 3000) ~ '' }}", "una concatenación «~» pasaría de 1,000,000"),
    (S + "{{ [s] * 3000 }}", "lo que se escribe pasa de 2,000,000 caracteres"),
    ('{{ ("\\t" * 100).expandtabs(999999) }}', "«expandtabs» pasaría de 1,000,000"),
    ('{{ ("x\\n" * 1000) | indent(999999) }}', "«indent» pasaría de 1,000,000"),
    ('{{ "%0999999999d" | format(1) }}', "«format» pasaría de 1,000,000"),
    ('{{ "%s" * 1000 % (("x" * 900000,) * 1000) }}', "un formato «%» pasaría de 1,000,000"),
    ('{{ ("{0}" * 1000).format("x" * 900000) }}', "un formato «{}» pasaría de 1,000,000"),
    ('{{ ("x" * 400000) | wordwrap(1) }}', "envolver 400,000 caracteres a un ancho de 1 tomaría demasiado"),
    (S + '{{ ([s] * 1000) | map("upper") | list | length }}', "lo que produce un filtro pasa de 2,000,000"),
    (S + '{{ ([s] * 1000) | map("upper") | join }}', "una lista pasa de 1,000,000 caracteres"),
    (S + "{{ ([s] * 1000) | string }}", "lo que produciría «string» pasaría de 1,000,000"),
    (S + "{{ ([s] * 1000) | safe }}", "lo que produciría «safe» pasaría de 1,000,000"),
    (S + "{{ ([s] * 1000) | tojson }}", "lo que produciría «tojson» pasaría de 1,000,000"),
    (S + "{{ ([s] * 1000) | batch(10) | list }}", "lo que produce un filtro pasa de 2,000,000"),
    ('{% set b %}{% for i in "x" * 100000 %}{{ "y" * 900000 }}{% endfor %}{% endset %}{{ b | length }}',
     "lo que se escribe pasa de 2,000,000"),
    ('{% set b %}{% for i in "x" * 10000 %}' + "z" * 1000 + "{% endfor %}{% endset %}ok",
     "lo que se escribe pasa de 2,000,000"),
])
def test_la_caja_niega_antes_de_construir(fuente, mensaje):
    from informe.errores import ErrorDeTexto

    with pytest.raises(ErrorDeTexto) as e:
        _componer(fuente)
    assert "(texto-limite)" in str(e.value) and mensaje in str(e.value) and "línea 1" in str(e.value)
    assert "do_" not in str(e.value)  # ningún nombre interno


def test_la_caja_sigue_componiendo_lo_comun():
    assert _componer('Hola {{ 1 + 2 }} y {{ "a" ~ "b" }} {% set t %}abc{% endset %}{{ t }} '
                     '{{ [1, 2] | join(", ") }} {{ "%05d" | format(3) }} {{ "{:>4}".format(7) }}') == \
        "Hola 3 y ab abc 1, 2 00003 7"  # el escape de md junta los espacios


def test_la_caja_acota_el_tiempo_ademas_de_las_operaciones():
    """Un reloj vencido detiene la composición en la siguiente operación (sin esperar: el tope es cero)."""
    from informe.caja import Caja, Excedido, Limites

    caja = Caja(Limites(operaciones=10**9, texto=10**6, bits=64, salida=10**6, segundos=0))
    with pytest.raises(Excedido, match="pasa de 0 segundos"):
        caja.componer(caja.from_string('{% for i in "x" * 100000 %}{{ i }}{% endfor %}'))


FUENTES_CON_MEMORIA = [
    S + "{{ ([s] * 3000) | join }}",
    '{% set b %}{% for i in "x" * 200000 %}{{ "y" * 900000 }}{% endfor %}{% endset %}{{ b | length }}',
    '{{ "%s" * 1000 % (("x" * 900000,) * 1000) }}',
]


@pytest.mark.parametrize("fuente", FUENTES_CON_MEMORIA)
def test_compilar_con_un_texto_que_reservaria_gigas_no_pasa_de_su_tope(demo, tmp_path, fuente):
    """Con 1.5 GB de espacio de direcciones (el ataque reservaba de 1 a 6 GB), compilar se detiene con el
    texto, su línea y el límite; nunca MemoryError ni traceback."""
    escribir(demo / "2024-02" / "textos" / "acuerdos.md", "Intro.\n" + fuente + "\n")
    r = _informe("compilar", "-p", "2024-02", "-d", demo, "-o", tmp_path / "s", "-f", "md", "--permitir-faltantes")
    assert r.returncode == 1, r.stderr
    assert "acuerdos.md, línea 2" in r.stderr and "(texto-limite)" in r.stderr
    assert "Traceback" not in r.stderr and "MemoryError" not in r.stderr
    assert not (tmp_path / "s" / "informe-2024-02.md").exists()


# =========================================================================== anidamiento

@pytest.mark.parametrize("fuente", [
    "{{ " + "(" * 250 + "1" + ")" * 250 + " }}",
    "{{ " + "[" * 250 + "1" + "]" * 250 + " }}",
    "{% if 1 %}" * 250 + "x" + "{% endif %}" * 250,
    "{% for a in [1] %}" * 25 + "x" + "{% endfor %}" * 25,
    "{{ " + "+".join(["1"] * 300) + " }}",
    "{{ " + "not " * 600 + "1 }}",
])
def test_anidamiento_es_un_problema_con_su_linea(fuente):
    from informe.errores import ErrorDeTexto

    fuente = "Intro.\n\n" + fuente
    problemas = _revisar(fuente)
    assert [(p.codigo, p.linea) for p in problemas] == [("texto-plantilla", 3)]
    assert "anida demasiado" in problemas[0].mensaje
    with pytest.raises(ErrorDeTexto) as e:
        _componer(fuente)
    assert "línea 3" in str(e.value) and "anida demasiado" in str(e.value)


def test_anidamiento_en_validar_y_compilar_sin_traceback(correr, correr_json, demo, tmp_path):
    escribir(demo / "2024-02" / "textos" / "acuerdos.md", "Intro.\n" + "{{ " + "(" * 250 + "1" + ")" * 250 + " }}\n")
    codigo, j = correr_json("validar", demo, "-f", "json")
    assert codigo == 1 and [(p["codigo"], p["linea"]) for p in j["problemas"] if p["archivo"].endswith("acuerdos.md")] \
        == [("texto-plantilla", 2)]
    codigo, _, error = correr("compilar", "-p", "2024-02", "-d", demo, "-o", tmp_path / "s", "-f", "md",
                              "--permitir-faltantes")
    assert codigo == 1 and "anida demasiado" in error and "Traceback" not in error


# =========================================================================== plantillas: ningún enlace se sigue

def _secreto(tmp_path: Path) -> Path:
    return escribir(tmp_path / "secreto.txt", "contraseña-del-servidor: 1234\n")


@pytest.mark.parametrize("forma", ["include", "plantilla", "carpeta"])
def test_un_enlace_en_plantillas_no_se_sigue(correr, tmp_path, forma):
    secreto = _secreto(tmp_path)
    propias = tmp_path / "propias"
    if forma == "include":
        escribir(propias / "secciones" / "solicitudes.md.j2", 'Nota: {% include "nota.md.j2" %}\n')
        (propias / "nota.md.j2").symlink_to(secreto)
        negada = "nota.md.j2"
    elif forma == "plantilla":
        (propias / "secciones").mkdir(parents=True)
        (propias / "secciones" / "solicitudes.md.j2").symlink_to(secreto)
        negada = "solicitudes.md.j2"
    else:
        escribir(tmp_path / "otra" / "solicitudes.md.j2", "{{ 1 }}\n")
        propias.mkdir()
        (propias / "secciones").symlink_to(tmp_path / "otra", target_is_directory=True)
        negada = "secciones"
    codigo, _, error = correr("compilar", "-p", "2024-02", "-d", DEMO, "-o", tmp_path / "s", "-f", "md",
                              "--plantillas", propias)
    assert codigo == 1 and "Error en la etapa md" in error
    assert f"«{negada}» es un enlace simbólico: no se sigue" in " ".join(error.split())
    assert "1234" not in error and not (tmp_path / "s" / "informe-2024-02.md").exists()


def test_una_fifo_en_plantillas_no_se_abre(correr, tmp_path):
    propias = tmp_path / "propias"
    (propias / "secciones").mkdir(parents=True)
    os.mkfifo(propias / "secciones" / "solicitudes.md.j2")
    codigo, _, error = correr("compilar", "-p", "2024-02", "-d", DEMO, "-o", tmp_path / "s", "-f", "md",
                              "--plantillas", propias)
    assert codigo == 1 and "no es un archivo común" in " ".join(error.split())


# =========================================================================== proceso.yaml: alias, topes y nombres

def _proceso(demo: Path, extra: str) -> Path:
    ruta = demo / "proceso.yaml"
    ruta.write_text(ruta.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return ruta


def test_un_alias_no_nombra_a_otra_entidad(correr_json, demo):
    ruta = _proceso(demo, "catalogos:\n  entidades:\n    Jalisco: Colima\n    Jal: Jalisco\n    Tapatío: Colima\n"
                          "    tapatio: Jalisco\n")
    codigo, j = correr_json("validar", ruta, "-f", "json")
    assert codigo == 1
    assert [(p["codigo"], p["linea"], p["columna"]) for p in j["problemas"]] == \
        [("alias-de-otra-entidad", 7, 5), ("alias-de-otra-entidad", 10, 5)]
    assert "«Jalisco» ya nombra a Jalisco; no puede ser un alias de Colima" in j["problemas"][0]["mensaje"]
    # el alias negado no entra al catálogo: el envío de Jalisco sigue siendo de Jalisco
    from informe.familias import de_carpeta

    proceso = de_carpeta(demo).leer_proceso(demo)
    assert proceso.alias_entidades == {"Jal": "JAL", "Tapatío": "COL"}


def test_validar_la_carpeta_reporta_proceso_yaml(correr_json, demo):
    _proceso(demo, "catalogos:\n  entidades:\n    Jalisco: Colima\n")
    codigo, j = correr_json("validar", demo, "-f", "json")
    assert codigo == 1 and [(p["archivo"].endswith("proceso.yaml"), p["codigo"]) for p in j["problemas"]
                            if p["severidad"] == "error"] == [(True, "alias-de-otra-entidad")]


@pytest.mark.parametrize("extra, donde, entradas", [
    ("catalogos:\n  estatus:\n" + "".join(f"    Terminado{i}: Concluido\n" for i in range(60_000)),
     "catalogos.estatus", "60,000"),
    ("severidades:\n" + "".join(f"    codigo-{i}: error\n" for i in range(20_000)), "severidades", "20,000"),
    ("catalogos:\n  entidades:\n" + "".join(f"    Lugar{i}: Colima\n" for i in range(5_000)),
     "catalogos.entidades", "5,000"),
])
def test_proceso_yaml_acotado_antes_de_leer(correr_json, demo, extra, donde, entradas):
    ruta = _proceso(demo, extra)
    codigo, j = correr_json("validar", ruta, "-f", "json")
    assert codigo == 1
    assert [(p["codigo"], p["mensaje"]) for p in j["problemas"]] == \
        [("mapa-largo", f"{donde}: tiene {entradas} entradas; el máximo es {'1,000' if donde == 'severidades' else '200'}.")]


@pytest.mark.parametrize("nombre, punto", [
    ("Coli\u200bma", "U+200B"),
    ("C\u043encluido", "U+043E"),
    ("Conc\u202eluido", "U+202E"),
])
def test_nombres_de_proceso_se_revisan_como_texto(correr_json, demo, nombre, punto):
    ruta = _proceso(demo, f'catalogos:\n  entidades:\n    "{nombre}": Colima\n  estatus:\n    "{nombre}x": Concluido\n')
    codigo, j = correr_json("validar", ruta, "-f", "json")
    assert codigo == 1 and [p["codigo"] for p in j["problemas"]] == ["nombre-invalido"] * 2
    assert all(punto in p["mensaje"] for p in j["problemas"])


def test_diff_imprime_el_marcado_literal(correr, demo):
    _proceso(demo, 'catalogos:\n  estatus:\n    Can [bold red]x:\n      orden: 3\n      color: "#CC79A7"\n'
                   '      terminal: true\n      singular: cancelado\n      plural: cancelados\n'
                   '      abreviatura: "[red]"\n')
    codigo, salida, _ = correr("diff", "--desde", "2024-02", "--hasta", "2024-03", "-d", demo)
    assert codigo == 0
    assert "Can [bold red]x      0" in salida and "[red]: Can [bold red]x" in " ".join(salida.split())


# =========================================================================== palabras que Typst no puede partir

@pytest.mark.parametrize("largo, problemas", [(300, []), (301, [("texto-palabra-larga", 5, 31)]),
                                               (19_000, [("texto-palabra-larga", 5, 31)])])
def test_una_palabra_de_cientos_de_caracteres_se_niega_al_recibir(correr_json, tmp_path, largo, problemas):
    ruta = escribir(tmp_path / "colima.yaml", "entidad: Colima\nperiodo: 2024-04\nreuniones: []\nacuerdos:\n"
                                              f'  - descripcion: "Acuerdo con {"x" * largo}"\n')
    _, j = correr_json("validar", ruta, "-f", "json")
    assert [(p["codigo"], p["linea"], p["columna"]) for p in j["problemas"]
            if p["codigo"] == "texto-palabra-larga"] == problemas
    if problemas:  # la columna es la de la palabra, dentro del valor
        assert any(f"una palabra de {largo:,} caracteres sin espacios" in p["mensaje"] and "el máximo es 300" in
                   p["mensaje"] for p in j["problemas"])


def test_typst_recibe_cada_palabra_larga_con_donde_partirse():
    """Los textos del analista no pasan por el tope de palabra: el filtro del PDF les da dónde partirse."""
    from informe.convertir import FILTRO_PALABRAS, _pandoc

    typst = _pandoc("Corta " + "y" * 200 + " `" + "z" * 90 + "`\n", "typst", None, ["--lua-filter", str(FILTRO_PALABRAS)])
    assert "Corta" in typst and "y" * 31 not in typst and "z" * 31 not in typst
    assert typst.replace("\u200b", "").count("y" * 200) == 1  # el texto es el mismo, sin ningún otro cambio


# =========================================================================== imágenes: píxeles, integridad y enlaces

def _png(ancho: int = 1, alto: int = 1, pixeles: bool = True) -> bytes:
    """Un PNG escrito aquí; `pixeles=False` declara sus medidas con un solo renglón (como el ataque: 3.5 MB
    que dicen 60,000 × 60,000)."""
    import struct
    import zlib

    def trozo(tipo: bytes, datos: bytes) -> bytes:
        return struct.pack(">I", len(datos)) + tipo + datos + struct.pack(">I", zlib.crc32(tipo + datos))

    crudo = b"\x00" + b"\xff\xff\xff" * ancho if pixeles else b"\x00\xff\xff\xff"
    return (b"\x89PNG\r\n\x1a\n" + trozo(b"IHDR", struct.pack(">IIBBBBB", ancho, alto, 8, 2, 0, 0, 0))
            + trozo(b"IDAT", zlib.compress(crudo * (alto if pixeles else 1))) + trozo(b"IEND", b""))


def _jpeg(ancho: int = 2, alto: int = 2) -> bytes:
    import io

    from PIL import Image

    salida = io.BytesIO()
    Image.new("RGB", (ancho, alto), "white").save(salida, format="JPEG")
    return salida.getvalue()


def _texto_con_imagen(tmp_path: Path, contenido: bytes, nombre: str = "mapa.png"):
    from informe.textos import Texto

    carpeta = tmp_path / "d" / "2024-04" / "textos"
    escribir(carpeta / nombre, contenido)
    return Texto("acuerdos", "acuerdos.md", f"Intro.\n\n![Mapa de sedes]({nombre})\n", carpeta, tmp_path / "d" / "2024-04")


@pytest.mark.parametrize("contenido, nombre, motivo", [
    (_png(60_000, 60_000, pixeles=False), "mapa.png", "mide 60,000 × 60,000 píxeles; el máximo es 12,000 por lado"),
    (_png(5_000, 6_000, pixeles=False), "mapa.png", "y 25 millones de píxeles"),
    (_png(20, 20)[:-20], "mapa.png", "está dañada o incompleta"),
    (_png(20, 20)[:40], "mapa.png", "está dañada o incompleta"),
    (b"GIF89a" + b"\x00" * 20, "mapa.png", "no es un PNG ni un JPEG"),
    (_jpeg()[:-2], "foto.jpg", "está dañada o incompleta"),
])
def test_imagen_revisada_antes_de_cualquier_convertidor(tmp_path, contenido, nombre, motivo):
    from informe.errores import ErrorDeTexto
    from informe.textos import componer, revisar

    texto = _texto_con_imagen(tmp_path, contenido, nombre)
    problemas = revisar(texto)
    assert [(p.codigo, p.linea, p.columna) for p in problemas] == [("texto-imagen", 3, 1)]
    assert motivo in problemas[0].mensaje
    copias = []
    with pytest.raises(ErrorDeTexto, match="texto-imagen"):
        componer(texto, {"r": {}, "proceso": {}}, lambda real: copias.append(real) or "x.png")
    assert copias == []  # nada se copió para pandoc o Typst


@pytest.mark.parametrize("contenido, nombre", [(_png(40, 30), "mapa.png"), (_jpeg(40, 30), "foto.jpg")])
def test_imagen_sana_pasa(tmp_path, contenido, nombre):
    from informe.textos import revisar

    assert revisar(_texto_con_imagen(tmp_path, contenido, nombre)) == []


def test_imagen_enlazada_dentro_del_periodo_tambien_se_niega(tmp_path):
    from informe.textos import revisar

    texto = _texto_con_imagen(tmp_path, _png(), "real.png")
    (texto.carpeta / "mapa.png").symlink_to(texto.carpeta / "real.png")
    texto = type(texto)(texto.ranura, texto.nombre, texto.fuente.replace("real.png", "mapa.png"), texto.carpeta, texto.base)
    problemas = revisar(texto)
    assert [p.codigo for p in problemas] == ["texto-imagen"] and "es un enlace simbólico" in problemas[0].mensaje


# =========================================================================== validar y los convertidores dicen lo mismo

def test_cuentas_y_tex_se_escriben_tal_cual_en_los_tres_formatos(demo, tmp_path):
    """«@INEMexico» detenía el PDF («the document does not contain a bibliography») y «\\newpage» desaparecía
    del DOCX: validar no decía nada de ninguno. Ahora son texto en md, docx y pdf."""
    import docx

    escribir(demo / "2024-02" / "textos" / "acuerdos.md",
             "Síganos en @INEMexico y [@INE]. Antes \\newpage después \\textbf{x}.\n")
    r = _informe("compilar", "-p", "2024-02", "-d", demo, "-o", tmp_path / "s", "--permitir-faltantes", megas=4000)
    assert r.returncode == 0, r.stderr
    md = (tmp_path / "s" / "informe-2024-02.md").read_text(encoding="utf-8")
    assert "@INEMexico" in md
    palabra = " ".join(p.text for p in docx.Document(tmp_path / "s" / "informe-2024-02.docx").paragraphs)
    assert "Síganos en @INEMexico y [@INE]. Antes \\newpage después \\textbf{x}." in palabra
    pdf = subprocess.run(["pdftotext", tmp_path / "s" / "informe-2024-02.pdf", "-"], capture_output=True, text=True)
    assert "@INEMexico y [@INE]. Antes \\newpage después \\textbf{x}." in " ".join(pdf.stdout.split())


@pytest.mark.parametrize("fuente", ["Intro.\n\n" + "> " * 3000 + "x\n", "Intro.\n\n" + "- " * 20 + "x\n"])
def test_citas_anidadas_se_niegan_en_validar_y_al_componer(fuente):
    from informe.errores import ErrorDeTexto

    problemas = _revisar(fuente)
    assert [(p.codigo, p.linea, p.columna) for p in problemas] == [("texto-anidado", 3, 1)]
    with pytest.raises(ErrorDeTexto, match="texto-anidado"):
        _componer("{% for i in 'x' * 30 %}> {% endfor %}x")


def test_la_falla_de_typst_se_dice_en_espanol_con_su_pasaje(tmp_path):
    import typst

    from informe.convertir import falla_de_typst

    fuente = 'Hola\n\nSíganos en #cite(<INEMexico>, form: "prose") hoy\n'
    (tmp_path / "informe.typ").write_text(fuente, encoding="utf-8")
    with pytest.raises(Exception) as e:
        typst.compile(str(tmp_path / "informe.typ"))
    mensaje = falla_de_typst(e.value, fuente)
    assert mensaje.startswith("Typst no pudo componer el PDF: una cita («@…») que el informe no tiene dónde buscar, "
                              "en el pasaje «Síganos en #cite(<INEMexico>")
    assert "bibliography" not in mensaje


def test_anidamiento_en_una_plantilla_propia_es_error_de_la_etapa_md(correr, tmp_path):
    escribir(tmp_path / "propias" / "secciones" / "solicitudes.md.j2",
             "Hola\n" + "{% if 1 %}" * 250 + "x" + "{% endif %}" * 250 + "\n")
    codigo, _, error = correr("compilar", "-p", "2024-02", "-d", DEMO, "-o", tmp_path / "s", "-f", "md",
                              "--plantillas", tmp_path / "propias")
    plano = " ".join(error.split())
    assert codigo == 1 and "Error en la etapa md: plantilla secciones/solicitudes.md.j2, línea 2: error de sintaxis: " \
                           "anida demasiado" in plano
    assert "Traceback" not in error and "RecursionError" not in error


def test_el_envio_de_jalisco_no_se_archiva_como_colima(correr, demo, tmp_path):
    marzo = demo / "2024-03" / "periodo.yaml"
    marzo.write_text(marzo.read_text(encoding="utf-8").replace("ultimo: true", "ultimo: false"), encoding="utf-8")
    escribir(demo / "2024-04" / "periodo.yaml", "numero: 4\ninicio: 2024-03-24\nfin: 2024-04-23\n")
    (demo / "2024-04" / "jle").mkdir()
    _proceso(demo, "catalogos:\n  entidades:\n    Jalisco: Colima\n")
    correo = escribir(tmp_path / "correo" / "jalisco.yaml",
                      "entidad: Jalisco\nperiodo: 2024-04\nreuniones: []\nacuerdos: []\n")
    _, salida, _ = correr("recibir", correo, "-p", "2024-04", "-d", demo)
    assert "→ Jalisco: guardado" in salida
    assert sorted(p.name for p in (demo / "2024-04" / "jle").iterdir()) == ["jalisco.yaml"]


def test_una_falla_de_typst_nombra_el_texto_y_su_linea(correr, demo, tmp_path, monkeypatch):
    """Lo que validar no pudo prever y Typst no compone se dice en español, con el texto del analista y la
    línea donde está el pasaje (aquí Typst se simula: lo que falle de verdad ya lo niega validar)."""
    import typst

    escribir(demo / "2024-02" / "textos" / "acuerdos.md",
             "Primera línea.\n\nSíganos hoy en la cuenta institucional del Instituto Nacional.\n")

    class FallaDeTypst(Exception):
        message = "the document does not contain a bibliography"

    def falla(archivo, **_):
        lineas = Path(archivo).read_text(encoding="utf-8").split("\n")
        n = next(i for i, l in enumerate(lineas, 1) if "cuenta institucional" in l)
        error = FallaDeTypst(FallaDeTypst.message)
        error.diagnostic = f"error: {FallaDeTypst.message}\n  ┌─ informe.typ:{n}:12\n"
        raise error

    monkeypatch.setattr(typst, "compile", falla)
    codigo, _, error = correr("compilar", "-p", "2024-02", "-d", demo, "-o", tmp_path / "s", "-f", "pdf",
                              "--permitir-faltantes")
    plano = " ".join(error.split())
    assert codigo == 1 and "Error en la etapa pdf: Typst no pudo componer el PDF: una cita («@…») que el informe " \
                           "no tiene dónde buscar, en el pasaje «Síganos hoy en la cuenta institucional" in plano
    assert "El pasaje está en" in plano and "acuerdos.md, línea 3." in plano and "bibliography" not in plano
