"""El formulario web de la JLE (`informe plantilla` → `<entidad>-<periodo>.html`), probado como lo usa una
persona: en Chromium, desde `file://`, con el teclado y los nombres que ve. Lo que guarda pasa por
`recibir` y se compara con lo que se escribió, carácter por carácter."""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml

from conftest import DEMO, escribir
from navegador import revisar_axe

ENTIDAD = "Colima"
PERIODO = "2024-04"  # del 24 de marzo al 23 de abril de 2024

# lo que una JLE escribe de verdad, con todo lo que rompe un YAML escrito a mano
TEXTO_DIFICIL = ("Reforzar la vigilancia: «bodega» del distrito 01 # sin comentario; \"comillas\", 'simples', "
                 "</script><script>alert(1)</script> & más\nsegunda línea con acentos: áéíóú ñ Ü")
TEXTO_GUION = "- empieza con guion y termina con dos puntos:"
TEXTO_LARGO = " ".join(["Patrullajes coordinados con la Guardia Nacional en la zona serrana."] * 120)


@pytest.fixture(scope="module")
def _mes_preparado(tmp_path_factory):
    """Una vez por módulo: la demo con el periodo 2024-04 abierto y las plantillas de Colima escritas."""
    from typer.testing import CliRunner

    from informe.cli import app

    base = tmp_path_factory.mktemp("mes")
    datos = base / "datos"
    shutil.copytree(DEMO, datos)
    marzo = datos / "2024-03" / "periodo.yaml"
    marzo.write_text(marzo.read_text(encoding="utf-8").replace("ultimo: true", "ultimo: false"), encoding="utf-8")
    correr = CliRunner()
    assert correr.invoke(app, ["periodo", "nuevo", "-d", str(datos)]).exit_code == 0
    r = correr.invoke(app, ["plantilla", "-p", PERIODO, "--entidad", ENTIDAD, "-d", str(datos), "-o", str(base / "envio")])
    assert r.exit_code == 0, r.stderr
    assert "colima-2024-04.html" in r.stdout
    return base


@pytest.fixture
def mes(_mes_preparado, tmp_path):
    """Una copia propia de la carpeta de datos (recibir la cambia) y el formulario de Colima."""
    shutil.copytree(_mes_preparado, tmp_path, dirs_exist_ok=True)
    return tmp_path / "datos", tmp_path / "envio" / "colima-2024-04.html"


def _abrir(pagina, html):
    pagina.goto(html.as_uri())
    pagina.wait_for_selector("html[data-listo=si]")


def _seccion(pagina, titulo):
    return pagina.get_by_role("region", name=titulo)


def _llenar_como_la_jle(p):
    reuniones = _seccion(p, "Reuniones de la Mesa de Coordinación")
    reuniones.get_by_role("button", name="Agregar reunión").click()
    reunion = reuniones.get_by_role("group", name="Reunión 1")
    reunion.get_by_label("Fecha", exact=True).fill("2024-04-10")
    reunion.get_by_label("Modalidad").select_option("híbrida")
    reunion.get_by_label("Asistentes").fill("14")
    reunion.get_by_role("button", name="Agregar tema").click()
    tema = reunion.get_by_role("group", name="Tema 1")
    tema.get_by_label("Tipo").select_option("logística")
    tema.get_by_label("Descripción").fill(TEXTO_DIFICIL)
    acuerdos = _seccion(p, "Acuerdos tomados en el periodo")
    for i, texto in enumerate((TEXTO_GUION, TEXTO_LARGO), 1):
        acuerdos.get_by_role("button", name="Agregar acuerdo").click()
        acuerdo = acuerdos.get_by_role("group", name=f"Acuerdo {i}")
        acuerdo.get_by_label("Descripción").fill(texto)
        acuerdo.get_by_label("Estatus").select_option("En proceso")
    acuerdos.get_by_role("group", name="Acuerdo 1").get_by_label("Fecha", exact=True).fill("2024-04-10")
    seguimiento = _seccion(p, "Acuerdos de periodos anteriores que siguen abiertos")
    seguimiento.get_by_role("group", name="Acuerdo COL-2024-03-001").get_by_label("Estatus").select_option("Concluido")
    _seccion(p, "Medidas adicionales de seguridad").get_by_label("No hubo medidas adicionales en el periodo").check()


def _guardar(p, destino):
    with p.expect_download() as descarga:
        p.get_by_role("button", name="Guardar archivo").click()
    assert descarga.value.suggested_filename == "colima-2024-04.yaml"
    descarga.value.save_as(destino)
    return destino


def _sin_descarga(p):
    descargas = []
    p.on("download", lambda d: descargas.append(d))
    p.get_by_role("button", name="Guardar archivo").click()
    p.wait_for_timeout(200)
    assert descargas == []
    return p.locator("#resumen").inner_text()


def _valores(p):
    """Lo que muestra el formulario: cada campo con su grupo y cada respuesta elegida."""
    return p.evaluate("""() => {
        const v = [];
        document.querySelectorAll('[data-campo]').forEach(e => {
            const g = e.closest('fieldset.elemento');
            v.push([g ? g.querySelector(':scope > legend').textContent : '', e.dataset.campo, e.value]);
        });
        document.querySelectorAll('input[type=radio]:checked').forEach(r => v.push([r.name, r.value]));
        return v;
    }""")


def test_plantilla_escribe_el_formulario_junto_al_yaml(mes, correr, tmp_path):
    datos, html = mes
    assert html.with_suffix(".yaml").is_file()
    texto = html.read_text(encoding="utf-8")
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', texto)[1]
    assert csp.startswith("default-src &#x27;none&#x27;; script-src &#x27;sha256-") and "unsafe" not in csp
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", texto)  # nada que pedir fuera
    assert "eval(" not in texto and "new Function" not in texto
    # la entidad y el periodo, fijos y dichos en palabras
    assert "Informe mensual de la JLE en Colima" in texto
    assert "Periodo que se informa: del 24 de marzo al 23 de abril de 2024." in texto
    # con --todas, uno por carpeta de JLE
    assert correr("plantilla", "-p", PERIODO, "--todas", "-d", datos, "-o", tmp_path / "todas")[0] == 0
    assert (tmp_path / "todas" / "sonora" / "sonora-2024-04.html").is_file()
    assert len(list((tmp_path / "todas").glob("*/*.html"))) == 32


def test_los_datos_van_escapados_para_un_script():
    from informe.seguridad.formulario_web import json_para_script

    hostil = {"t": "</script><!-- & \u2028\u2029 >"}
    texto = json_para_script(hostil)
    assert not re.search("[<>&\u2028\u2029]", texto)
    assert json.loads(texto) == hostil


def test_cada_campo_declarado_tiene_etiqueta():
    from informe.seguridad.formulario_web import ETIQUETAS, SECCIONES, declaraciones

    def recorrer(c):
        yield c
        for h in c.campos:
            yield from recorrer(h)

    campos = list(recorrer(declaraciones()))
    # las listas se nombran por su sección; cada otro campo, por la etiqueta que declara o la de ETIQUETAS
    assert {c.nombre for c in campos if c.sugerir and c.tipo != "lista" and c.nombre != "jle" and not c.etiqueta} \
        <= set(ETIQUETAS)
    assert {c.nombre for c in campos if c.tipo == "lista"} <= set(SECCIONES)


def test_los_catalogos_y_severidades_salen_de_python(tmp_path):
    from informe.problemas import CODIGOS
    from informe.seguridad import catalogos as cat
    from informe.seguridad.formulario_web import datos_del_formulario
    from informe.seguridad.modelo import Periodo
    from datetime import date

    agregado = cat.Estatus("Cancelado", 3, "#CC79A7", True, "cancelado", "cancelados", "Canc.")
    c = cat.Catalogos(None, {"Terminado": "Concluido"}, (agregado,))
    periodo = Periodo("", PERIODO, 4, date(2024, 3, 24), date(2024, 4, 23))
    d = datos_del_formulario("COL", periodo, [], {"temas": "Ejemplo."}, None, c)
    assert d["ejemplos"] == {"temas": "Ejemplo.", "todos": ["Ejemplo."]}
    assert d["archivo"] == "colima-2024-04.yaml"
    assert d["catalogos"]["estatus"]["valores"] == ["Planeación", "En proceso", "Concluido", "Cancelado"]
    assert d["catalogos"]["estatus"]["alias"]["terminado"] == "Concluido"
    assert d["catalogos"]["modalidad"]["valores"] == list(cat.modalidades())
    for codigo in ("asistentes-cero", "fecha-posterior", "fecha-anterior", "texto-sin-glifo", "ejemplo-sin-cambiar"):
        assert d["severidades"][codigo] == CODIGOS[codigo][0]
    # lo que el proceso baja a advertencia (proceso.yaml → severidades), el formulario tampoco lo impide
    from types import SimpleNamespace

    # (uno fijo, como fecha-posterior, sigue siendo error: validar lo rechaza con severidad-fija)
    proceso = SimpleNamespace(severidades={"asistentes-cero": ("advertencia", 3, 1, 1),
                                           "fecha-posterior": ("advertencia", 4, 1, 1),
                                           "texto-escritura": ("error", 5, 1, 1)})
    d = datos_del_formulario("COL", periodo, [], {}, None, c, proceso)
    assert d["severidades"]["asistentes-cero"] == "advertencia" and d["severidades"]["fecha-posterior"] == "error"
    # lo que el proceso sube (otra escritura como error) también impide guardar; lo demás, como en validar
    assert d["severidades"]["texto-escritura"] == "error" and d["severidades"]["acuerdo-repetido"] == "advertencia"
    # los ajenos: lo que la letra dibuja y validar avisa, con su motivo (la «а» cirílica, una marca de dirección)
    assert [m for a, b, m in d["ajenos"] if a <= 0x430 <= b] == ["letra de la escritura cirílica"]
    assert any(a <= 0x202E <= b and m == "marca de dirección de escritura" for a, b, m in d["ajenos"])
    assert "colima" in d["entidad"]["formas"] and "06" in d["entidad"]["formas"]


def test_la_jle_llena_guarda_y_recibir_lo_registra_tal_cual(mes, pagina, correr, tmp_path):
    datos, html = mes
    _abrir(pagina, html)
    _llenar_como_la_jle(pagina)
    guardado = _guardar(pagina, tmp_path / "correo" / "colima-2024-04.yaml")
    assert pagina.get_by_role("status").inner_text().startswith("Se guardó colima-2024-04.yaml")
    assert pagina.peticiones == [html.as_uri()]  # solo la página misma

    codigo, salida, _ = correr("recibir", guardado, "-p", PERIODO, "-d", datos)
    assert codigo == 0, salida
    assert "problema" not in " ".join(salida.split()).lower() or "sin problemas" in salida
    guardada = yaml.safe_load((datos / PERIODO / "jle" / "colima.yaml").read_text(encoding="utf-8"))
    assert guardada["entidad"] == "Colima" and guardada["periodo"] == PERIODO
    reunion = guardada["reuniones"][0]
    assert (str(reunion["fecha"]), reunion["modalidad"], reunion["asistentes"]) == ("2024-04-10", "híbrida", 14)
    assert reunion["temas"] == [{"tipo": "logística", "descripcion": TEXTO_DIFICIL}]
    assert [a["descripcion"] for a in guardada["acuerdos"]] == [TEXTO_GUION, TEXTO_LARGO]
    assert [a["estatus"] for a in guardada["acuerdos"]] == ["En proceso", "En proceso"]
    assert [a["id"] for a in guardada["acuerdos"]] == ["COL-2024-04-001", "COL-2024-04-002"]
    assert {"acuerdo": "COL-2024-03-001", "estatus": "Concluido"} in guardada["seguimiento"]
    assert guardada["medidas"] == []
    assert str(guardada["mesa"]["instalada"]) == "2023-10-11"  # la que la historia conocía


def test_reabrir_lo_guardado_restaura_cada_valor(mes, pagina, navegador, tmp_path):
    _, html = mes
    _abrir(pagina, html)
    _llenar_como_la_jle(pagina)
    antes = _valores(pagina)
    guardado = _guardar(pagina, tmp_path / "colima-2024-04.yaml")

    otra = navegador.new_context(viewport={"width": 1024, "height": 768}).new_page()
    _abrir(otra, html)
    with otra.expect_file_chooser() as elegir:
        otra.get_by_role("button", name="Abrir archivo").click()
    elegir.value.set_files(guardado)
    otra.wait_for_selector("#avisos-titulo")
    assert otra.locator("#avisos-titulo").inner_text() == "Se abrió colima-2024-04.yaml completo."
    assert _valores(otra) == antes
    # y lo que se vuelve a guardar es el mismo archivo
    assert _guardar(otra, tmp_path / "otra.yaml").read_bytes() == guardado.read_bytes()
    otra.context.close()


def test_abrir_un_archivo_escrito_a_mano_nombra_lo_que_no_muestra(mes, pagina, tmp_path):
    _, html = mes
    a_mano = escribir(tmp_path / "colima.yaml", (
        "entidad: colima\nperiodo: 2024-04\nmesa:\n  instalada: 2023-10-11\n"
        "reuniones:\n  - fecha: 05/04/2024\n    modalidad: mixta\n    asistentes: 9\n    lugar: Sala 2\n"
        "acuerdos:\n  - Reforzar la vigilancia de la bodega.\n  - descripción: 'Enlace: con la SSP'\n"
        "    estatus: Terminado\n"
        "medidas: []\n"))
    _abrir(pagina, html)
    with pagina.expect_file_chooser() as elegir:
        pagina.get_by_role("button", name="Abrir archivo").click()
    elegir.value.set_files(a_mano)
    pagina.wait_for_selector("#avisos-titulo")
    avisos = " ".join(pagina.locator("#avisos-abrir").inner_text().split())
    assert "Línea 6: Reunión 1, fecha: «05/04/2024» no es una fecha AAAA-MM-DD que exista" in avisos
    assert "Línea 9: Reunión 1: la clave «lugar» no es del formato; no se muestra" in avisos
    assert "Línea 11: Acuerdo 1 es una línea de texto" in avisos
    assert "«descripción» se leyó como «descripcion»" in avisos
    # «Terminado» no es de base (sería un alias del proceso): se nombra, no se adivina
    assert ("Línea 13: Acuerdo 2, estatus: «Terminado» no está en el catálogo (Planeación, En proceso, Concluido); "
            "el campo quedó sin elegir.") in avisos
    reunion = pagina.get_by_role("group", name="Reunión 1")
    assert reunion.get_by_label("Modalidad").input_value() == "híbrida"  # el alias «mixta»
    assert reunion.get_by_label("Asistentes").input_value() == "9"
    acuerdo = pagina.get_by_role("group", name="Acuerdo 2")
    assert acuerdo.get_by_label("Descripción").input_value() == "Enlace: con la SSP"
    assert revisar_axe(pagina) == []


def test_no_abre_el_archivo_de_otra_entidad(mes, pagina, tmp_path):
    _, html = mes
    ajeno = escribir(tmp_path / "sonora.yaml", "entidad: Sonora\nperiodo: 2024-04\nreuniones: []\n")
    _abrir(pagina, html)
    with pagina.expect_file_chooser() as elegir:
        pagina.get_by_role("button", name="Abrir archivo").click()
    elegir.value.set_files(ajeno)
    pagina.wait_for_selector("#avisos-titulo")
    assert pagina.locator("#avisos-titulo").inner_text() == (
        "No se abrió sonora.yaml: la línea 1 tiene otra entidad («Sonora»); este formulario es de Colima.")


def test_sin_tocar_no_se_guarda(mes, pagina):
    _, html = mes
    _abrir(pagina, html)
    resumen = _sin_descarga(pagina)
    assert resumen.startswith("No se guardó: hay 4 problemas que corregir")
    assert "El formulario está como llegó: conteste cada sección antes de guardar." in resumen
    assert ("Reuniones de la Mesa de Coordinación: Elija una respuesta: «Hubo reuniones en el periodo» o «No hubo "
            "reuniones en el periodo».") in resumen
    assert pagina.evaluate("document.activeElement.id") == "resumen"


# Cada defecto: cómo lo escribe la JLE en el formulario, el mismo defecto en el YAML guardado, el código que
# ambos dan y el mensaje del formulario.
DEFECTOS = {
    "fecha-posterior": (lambda r: r.get_by_label("Fecha", exact=True).fill("2024-04-24"),
                        ("fecha: 2024-04-10\n    modalidad", "fecha: 2024-04-24\n    modalidad"),
                        "Reunión 1, Fecha: La fecha es posterior al corte del periodo (del 24 de marzo al 23 de "
                        "abril de 2024)."),
    "asistentes-cero": (lambda r: r.get_by_label("Asistentes").fill("0"), ("asistentes: 14", "asistentes: 0"),
                        "Reunión 1, Asistentes: 0 asistentes: no hubo reunión o falta el número."),
    "ejemplo-sin-cambiar": (
        lambda r: r.get_by_role("group", name="Tema 1").get_by_label("Descripción").fill("Tema tratado en la reunión."),
        ('descripcion: "Reforzar la vigilancia: «bodega»', 'descripcion: "Tema tratado en la reunión."\n#'),
        "Tema 1, Descripción: Es el texto de ejemplo, sin cambiar"),
    "texto-sin-glifo": (
        lambda r: r.get_by_role("group", name="Tema 1").get_by_label("Descripción").fill("Seguridad 🚨 en campo"),
        ('descripcion: "Reforzar la vigilancia: «bodega»', 'descripcion: "Seguridad 🚨 en campo"\n#'),
        "Tema 1, Descripción: El carácter «🚨» (U+1F6A8) no se puede imprimir en el informe."),
}


@pytest.mark.parametrize("codigo", list(DEFECTOS))
def test_lo_que_validar_rechaza_el_formulario_no_lo_guarda(mes, pagina, correr_json, tmp_path, codigo):
    llenar, (bien, mal), mensaje = DEFECTOS[codigo]
    datos, html = mes
    _abrir(pagina, html)
    _llenar_como_la_jle(pagina)
    guardado = _guardar(pagina, tmp_path / "colima-2024-04.yaml")
    # el mismo defecto en el archivo: validar da el mismo código, como error
    texto = guardado.read_text(encoding="utf-8")
    assert bien in texto
    guardado.write_text(texto.replace(bien, mal, 1), encoding="utf-8")  # «\n#»: el resto de la línea, comentario
    _, validacion = correr_json("validar", guardado, "--datos", datos, "--formato", "json")
    assert [(p["codigo"], p["severidad"]) for p in validacion["problemas"]] == [(codigo, "error")]

    llenar(pagina.get_by_role("group", name="Reunión 1"))
    resumen = " ".join(_sin_descarga(pagina).split())
    assert resumen.startswith("No se guardó: hay 1 problema que corregir")
    assert mensaje in resumen
    assert pagina.locator("#resumen li").get_attribute("data-codigo") == codigo
    campo = pagina.locator("[aria-invalid=true]")
    assert campo.count() == 1
    descrito = campo.get_attribute("aria-describedby").split()
    assert any(pagina.locator(f"#{i}").inner_text().startswith("Error: ") for i in descrito)


def test_una_seccion_en_blanco_se_rechaza(mes, pagina):
    _, html = mes
    _abrir(pagina, html)
    _llenar_como_la_jle(pagina)
    medidas = _seccion(pagina, "Medidas adicionales de seguridad")
    medidas.get_by_label("Hubo medidas adicionales en el periodo", exact=True).check()
    resumen = " ".join(_sin_descarga(pagina).split())
    assert ("Eligió «Hubo medidas adicionales en el periodo», pero la lista está vacía: agregue al menos una entrada "
            "o elija «No hubo medidas adicionales en el periodo».") in resumen
    # el enlace del resumen lleva al campo
    pagina.get_by_role("link", name=re.compile("Eligió «Hubo medidas")).click()
    assert pagina.evaluate("document.activeElement.id") == "respuesta-medidas-si"


def test_el_teclado_basta_y_axe_no_halla_problemas_graves(mes, pagina):
    _, html = mes
    _abrir(pagina, html)
    assert revisar_axe(pagina) == []
    _sin_descarga(pagina)  # con el resumen y los mensajes a la vista
    assert revisar_axe(pagina) == []
    # del resumen, con el teclado: Tab hasta «Agregar reunión», Enter agrega y lleva el foco a su Fecha
    boton = pagina.get_by_role("button", name="Agregar reunión")
    boton.focus()
    pagina.keyboard.press("Enter")
    assert pagina.evaluate("document.activeElement.getAttribute('type')") == "date"
    _llenar_como_la_jle(pagina)
    assert revisar_axe(pagina) == []


def test_adjuntar_la_pagina_en_vez_del_yaml_se_explica(mes, correr):
    datos, html = mes
    codigo, salida, _ = correr("recibir", html, "-p", PERIODO, "-d", datos)
    assert codigo == 1
    assert "archivo-no-yaml" in salida
    acuse = " ".join(next((datos / PERIODO / "acuses").iterdir()).read_text(encoding="utf-8").split())
    assert "El archivo es una página web (como el formulario: su botón «Guardar archivo» descarga el .yaml" in acuse
    assert "Abra el formulario que le enviamos (la página .html junto a colima-2024-04.yaml)" in acuse


def test_abrir_la_plantilla_yaml_sin_tocar(mes, pagina):
    _, html = mes
    _abrir(pagina, html)
    with pagina.expect_file_chooser() as elegir:
        pagina.get_by_role("button", name="Abrir archivo").click()
    elegir.value.set_files(html.with_suffix(".yaml"))  # con sus comentarios y el seguimiento que trae
    pagina.wait_for_selector("#avisos-titulo")
    avisos = " ".join(pagina.locator("#avisos-abrir").inner_text().split())
    assert avisos.startswith("Se abrió colima-2024-04.yaml. Lo que el formulario no pudo mostrar:")
    assert "El archivo no contesta «reuniones»: elija la respuesta en el formulario." in avisos
    assert "El archivo no contesta «medidas»" in avisos and "«acuerdos»" not in avisos
    assert pagina.get_by_label("No se tomaron acuerdos en el periodo").is_checked()
    seguimiento = pagina.get_by_role("group", name="Acuerdo COL-2024-02-002")
    assert seguimiento.get_by_label("Estatus").input_value() == "En proceso"


def test_al_200_por_ciento_todo_cabe_a_lo_ancho(mes, navegador):
    _, html = mes
    # 200 % de acercamiento en una pantalla de 1024×768: 512×384 píxeles CSS
    p = navegador.new_context(viewport={"width": 512, "height": 384}, device_scale_factor=2).new_page()
    _abrir(p, html)
    _llenar_como_la_jle(p)
    p.get_by_role("button", name="Guardar archivo").click()
    assert p.evaluate("document.documentElement.scrollWidth") <= 512
    p.context.close()


def test_cada_caracter_que_el_pdf_imprime_llega_identico(mes, pagina, correr, tmp_path):
    from informe.glifos import RANGOS

    # el principio, el medio y el final de cada rango de letras del PDF, y un tabulador: lo que el formulario
    # acepta, `recibir` lo guarda igual
    muestra = "".join(chr(c) for a, b in RANGOS for c in sorted({a, (a + b) // 2, b}))
    texto = "Inicio\t" + muestra.replace("\u00a0", "") + " fin."
    datos, html = mes
    _abrir(pagina, html)
    _llenar_como_la_jle(pagina)
    pagina.get_by_role("group", name="Acuerdo 1").get_by_label("Descripción").fill(texto)
    guardado = _guardar(pagina, tmp_path / "colima-2024-04.yaml")
    assert yaml.safe_load(guardado.read_text(encoding="utf-8"))["acuerdos"][0]["descripcion"] == texto
    codigo, salida, _ = correr("recibir", guardado, "-p", PERIODO, "-d", datos)
    assert codigo == 0, salida
    guardada = yaml.safe_load((datos / PERIODO / "jle" / "colima.yaml").read_text(encoding="utf-8"))
    assert guardada["acuerdos"][0]["descripcion"] == texto


@pytest.mark.parametrize("contenido, motivo", [
    (b"entidad: Colima\nperiodo: 2024-04\n---\nentidad: Sonora\n",
     "la línea 3 tiene más de un documento («---»): el archivo lleva una sola entidad."),
    (b"entidad: Colima\nperiodo: 2024-04\nreuniones:\n\t- fecha: 2024-04-10\n",
     "la línea 4 tiene un tabulador en la sangría (YAML solo admite espacios)."),
    (b"entidad: Colima\nperiodo: 2024-04\nacuerdos: &a []\n",
     "la línea 3 tiene anclas, alias y etiquetas de YAML («&», «*», «!») no se admiten."),
    ("entidad: Colima\nperiodo: 2024-04\nacuerdos:\n  - descripcion: Enlace con la Secretaría.\n".encode("latin-1"),
     "no está guardado como texto UTF-8."),
    (b"entidad: Colima\nperiodo: 2024-04\nmedidas:\n" + b"".join(b"  " * i + b"- \n" for i in range(1, 40)),
     "la línea 35 tiene más de 32 niveles de anidación."),
    # la bomba de alias («billion laughs»): se rechaza en la primera ancla, sin expandir nada
    (b"entidad: Colima\nperiodo: 2024-04\nx: &a [\"lol\", \"lol\"]\ny: &b [*a, *a, *a]\nz: [*b, *b, *b]\n",
     "la línea 3 tiene anclas, alias y etiquetas de YAML («&», «*», «!») no se admiten."),
    (b"entidad: Colima\nperiodo: 2024-05\nacuerdos: []\n",
     "la línea 2 tiene otro periodo («2024-05»); este formulario es del 2024-04."),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", "no está guardado como texto UTF-8."),
])
def test_lo_que_no_abre_lo_dice_con_su_motivo(mes, pagina, tmp_path, contenido, motivo):
    _, html = mes
    archivo = escribir(tmp_path / "colima.yaml", contenido)
    _abrir(pagina, html)
    with pagina.expect_file_chooser() as elegir:
        pagina.get_by_role("button", name="Abrir archivo").click()
    elegir.value.set_files(archivo)
    pagina.wait_for_selector("#avisos-titulo")
    assert pagina.locator("#avisos-titulo").inner_text() == f"No se abrió colima.yaml: {motivo}"


def test_abrir_textos_partidos_en_varias_lineas_como_yaml(mes, pagina, tmp_path):
    texto = ('entidad: Colima\nperiodo: "2024-04"\nreuniones: []\nmedidas: []\nacuerdos:\n'
             '  - descripcion: Reforzar la vigilancia\n      en la bodega electoral.\n\n      Segundo párrafo.\n'
             '    estatus: Concluido\n'
             '  - descripcion: "Texto largo partido\n      en dos líneas \\\n      sin espacio: \\"citado\\""\n'
             '  - descripcion: |\n      Línea uno: # no es comentario\n      Línea dos\n'
             "  - descripcion: 'con ''simples''\n      y otra línea'\n")
    archivo = escribir(tmp_path / "colima.yaml", texto)
    esperados = [a["descripcion"] for a in yaml.safe_load(texto)["acuerdos"]]
    _, html = mes
    _abrir(pagina, html)
    with pagina.expect_file_chooser() as elegir:
        pagina.get_by_role("button", name="Abrir archivo").click()
    elegir.value.set_files(archivo)
    pagina.wait_for_selector("#avisos-titulo")
    assert pagina.locator("#avisos-titulo").inner_text().startswith("Se abrió colima.yaml")
    acuerdos = _seccion(pagina, "Acuerdos tomados en el periodo")
    # el formulario muestra lo que YAML lee, también el salto final del bloque «|» (y lo guarda:
    # test_el_salto_final_de_un_bloque_vuelve_byte_por_byte)
    assert [acuerdos.get_by_role("group", name=f"Acuerdo {i}").get_by_label("Descripción").input_value()
            for i in range(1, 5)] == esperados


def test_respuestas_que_se_contradicen(mes, pagina):
    _, html = mes
    _abrir(pagina, html)
    _llenar_como_la_jle(pagina)
    pagina.get_by_label("No hubo reuniones en el periodo").check()  # con la reunión 1 en la lista
    pagina.get_by_label("Aún no se incorpora").check()
    _sin_descarga(pagina)
    codigos = pagina.locator("#resumen li").evaluate_all("lis => lis.map(li => li.dataset.codigo)")
    assert codigos == ["seccion-contradictoria"]
    assert "Eligió «No hubo reuniones en el periodo», pero hay 1 en la lista" in pagina.locator("#resumen").inner_text()
    pagina.get_by_label("Hubo reuniones en el periodo", exact=True).check()
    codigos = pagina.locator("#resumen li").evaluate_all("lis => lis.map(li => li.dataset.codigo)")
    assert codigos == ["reuniones-sin-mesa"]  # como validar: reuniones y una mesa que aún no se incorpora
    assert pagina.get_by_label("Fecha de instalación").is_hidden()


def test_el_texto_de_la_historia_es_texto_en_la_pagina(mes, pagina, correr):
    datos, html = mes
    hostil = '</script><img src="http://ejemplo.invalid/x.png" onerror="document.title=1"> «Acuerdo» & <b>negritas</b>'
    colima = datos / "2024-03" / "jle" / "colima.yaml"
    texto = colima.read_text(encoding="utf-8")
    original = "Acordar el acompañamiento de seguridad a los vehículos con documentación electoral (acuerdo 1)."
    assert original in texto
    colima.write_text(texto.replace(original, hostil.replace('"', '\\"')), encoding="utf-8")
    codigo, _, error = correr("plantilla", "-p", PERIODO, "--entidad", ENTIDAD, "-d", datos, "-o", html.parent)
    assert codigo == 0, error
    _abrir(pagina, html)
    acuerdo = pagina.get_by_role("group", name="Acuerdo COL-2024-03-001")
    assert acuerdo.locator(".texto-acuerdo").inner_text() == hostil
    assert pagina.title() == "Informe de la JLE en Colima · periodo 2024-04"
    assert pagina.locator("img, b").count() == 0
    assert pagina.peticiones == [html.as_uri()]


def _abrir_archivo(p, archivo):
    with p.expect_file_chooser() as elegir:
        p.get_by_role("button", name="Abrir archivo").click()
    elegir.value.set_files(archivo)
    p.wait_for_selector("#avisos-titulo")
    return " ".join(p.locator("#avisos-abrir").inner_text().split())


# Lo que una persona pega o escribe y que un YAML a mano rompe: cada uno como un acuerdo, tal cual
ESCRITOS = [
    "Cafe\u0301 con acompan\u0303amiento (acentos combinados)",
    "Lugar:\u00a0Sala\u00a02, con espacio de no separación",
    "columna uno\tcolumna dos",
    "--- parece separador de documentos", "... parece fin de documento", "---", "...",
    "& ancla", "* alias", "! etiqueta", "% directiva", "@ arroba", "`acento grave` al inicio",
    "{ llave", "[ corchete", '"entre comillas" al principio', "\\ diagonal \\n que no es salto \\",
    "Una línea\n---\notra después de tres guiones\n...\ny #fin",
    "termina con salto de línea\n", "dos saltos al final\n\n", "  empieza con dos espacios",
    "termina con espacios   ", "\n\nempieza con líneas vacías",
    "línea uno\n\tcon tabulador al principio\n# no es comentario\n    sangrada\n \nfin",
]


def test_lo_escrito_llega_identico_a_recibir_y_vuelve_al_abrirlo(mes, pagina, navegador, correr, tmp_path):
    from informe.yaml_seguro import TEXTO_MAXIMO

    al_limite = ("Patrullaje " * TEXTO_MAXIMO)[:TEXTO_MAXIMO - 1] + "."
    escritos = ESCRITOS + [al_limite]
    datos, html = mes
    _abrir(pagina, html)
    _llenar_como_la_jle(pagina)
    acuerdos = _seccion(pagina, "Acuerdos tomados en el periodo")
    for i, texto in enumerate(escritos, 1):
        if i > 2:
            acuerdos.get_by_role("button", name="Agregar acuerdo").click()
        acuerdos.get_by_role("group", name=f"Acuerdo {i}", exact=True).get_by_label("Descripción").fill(texto)
    tema = "  un tema, más sangrado en el archivo,\n\tcon salto final\n"
    pagina.get_by_role("group", name="Tema 1").get_by_label("Descripción").fill(tema)
    guardado = _guardar(pagina, tmp_path / "colima-2024-04.yaml")
    codigo, salida, _ = correr("recibir", guardado, "-p", PERIODO, "-d", datos)
    assert codigo == 0, salida
    guardada = yaml.safe_load((datos / PERIODO / "jle" / "colima.yaml").read_text(encoding="utf-8"))
    assert [a["descripcion"] for a in guardada["acuerdos"]] == escritos
    assert guardada["reuniones"][0]["temas"][0]["descripcion"] == tema
    # «Abrir archivo» lo muestra igual y lo vuelve a guardar byte por byte
    otra = navegador.new_context(viewport={"width": 1024, "height": 768}).new_page()
    _abrir(otra, html)
    assert _abrir_archivo(otra, guardado) == "Se abrió colima-2024-04.yaml completo."
    assert [otra.get_by_role("group", name=f"Acuerdo {i}", exact=True).get_by_label("Descripción").input_value()
            for i in range(1, len(escritos) + 1)] == escritos
    assert _guardar(otra, tmp_path / "otra.yaml").read_bytes() == guardado.read_bytes()
    otra.context.close()


def test_el_salto_final_de_un_bloque_vuelve_byte_por_byte(mes, pagina, correr, tmp_path):
    a_mano = ("entidad: Colima\nperiodo: 2024-04\nmesa:\n  instalada: 2023-10-11\nreuniones: []\nmedidas: []\n"
              "acuerdos:\n  - descripcion: |\n      # Título, no comentario\n      Línea dos\n\n"
              "  - descripcion: >+\n      plegado en\n      una línea\n\n        sangrada\n\n\n"
              "  - descripcion: |2-\n       un espacio al principio\n"
              "  - |\n    un acuerdo escrito como bloque\n")
    archivo = escribir(tmp_path / "a-mano" / "colima.yaml", a_mano)
    esperados = [a if isinstance(a, str) else a["descripcion"] for a in yaml.safe_load(a_mano)["acuerdos"]]
    assert esperados[0] == "# Título, no comentario\nLínea dos\n" and esperados[3] == "un acuerdo escrito como bloque\n"
    datos, html = mes
    _abrir(pagina, html)
    assert _abrir_archivo(pagina, archivo).startswith("Se abrió colima.yaml")
    acuerdos = _seccion(pagina, "Acuerdos tomados en el periodo")
    assert [acuerdos.get_by_role("group", name=f"Acuerdo {i}").get_by_label("Descripción").input_value()
            for i in (1, 2, 3, 4)] == esperados
    guardado = _guardar(pagina, tmp_path / "colima-2024-04.yaml")
    assert correr("recibir", guardado, "-p", PERIODO, "-d", datos)[0] == 0
    guardada = yaml.safe_load((datos / PERIODO / "jle" / "colima.yaml").read_text(encoding="utf-8"))
    assert [a["descripcion"] for a in guardada["acuerdos"]] == esperados


def test_mas_del_limite_o_un_separador_de_linea_no_se_guardan(mes, pagina):
    from informe.yaml_seguro import TEXTO_MAXIMO

    _, html = mes
    _abrir(pagina, html)
    _llenar_como_la_jle(pagina)
    acuerdo = pagina.get_by_role("group", name="Acuerdo 2")
    acuerdo.get_by_label("Descripción").fill("x" * (TEXTO_MAXIMO + 1))
    pagina.get_by_role("group", name="Acuerdo 1").get_by_label("Descripción").fill("uno\u2028dos")
    resumen = " ".join(_sin_descarga(pagina).split())
    assert f"Acuerdo 2, Descripción: Tiene {TEXTO_MAXIMO + 1:,} caracteres; el máximo es {TEXTO_MAXIMO:,}." in resumen
    assert "Acuerdo 1, Descripción: El carácter «·» (U+2028) no se puede imprimir en el informe." in resumen


def test_escritura_ajena_y_acuerdo_repetido_se_avisan_como_en_validar(mes, pagina, correr_json, tmp_path):
    datos, html = mes
    _abrir(pagina, html)
    _llenar_como_la_jle(pagina)
    acuerdos = _seccion(pagina, "Acuerdos tomados en el periodo")
    # una «а» cirílica pegada de un PDF, y el mismo acuerdo dos veces (con otras mayúsculas y espacios)
    acuerdos.get_by_role("group", name="Acuerdo 1").get_by_label("Descripción").fill("Reforzar lа vigilancia.")
    acuerdos.get_by_role("group", name="Acuerdo 2").get_by_label("Descripción").fill("reforzar  LA vigilancia.")
    acuerdos.get_by_role("button", name="Agregar acuerdo").click()
    acuerdos.get_by_role("group", name="Acuerdo 3").get_by_label("Descripción").fill("Reforzar la  vigilancia.")
    acuerdos.get_by_role("group", name="Acuerdo 3").get_by_label("Estatus").select_option("Concluido")
    guardado = _guardar(pagina, tmp_path / "colima-2024-04.yaml")  # son advertencias: se guarda
    _, validacion = correr_json("validar", guardado, "--datos", datos, "--formato", "json")
    assert sorted(p["codigo"] for p in validacion["problemas"]) == ["acuerdo-repetido", "texto-escritura"]
    assert [(p["codigo"], p["severidad"], p["linea"]) for p in validacion["problemas"]] == [
        ("texto-escritura", "advertencia", 15), ("acuerdo-repetido", "advertencia", 20)]
    avisos = [(m.get_attribute("id"), m.inner_text()) for m in pagina.locator(".mensaje.advertencia").all()]
    descripciones = pagina.locator(".lista[data-seccion=acuerdos] textarea")
    assert avisos == [
        (descripciones.nth(0).get_attribute("id") + "-error",
         "Aviso: Letra de la escritura cirílica (U+0430) en «…Reforzar lа vigilancia.…». Si viene de copiar un PDF, "
         "reescriba la palabra; si no se ve, bórrelo."),
        (descripciones.nth(2).get_attribute("id") + "-error",
         "Aviso: Repite el texto del acuerdo 2. Si son el mismo acuerdo, deje uno; si son distintos, precise el texto.")]


def test_abre_el_archivo_que_nombra_la_entidad_con_un_alias_del_proceso(mes, pagina, correr, tmp_path):
    datos, html = mes
    with open(datos / "proceso.yaml", "a", encoding="utf-8") as f:
        f.write("catalogos:\n  entidades:\n    Tierra del Volcán: Colima\n")
    assert correr("plantilla", "-p", PERIODO, "--entidad", ENTIDAD, "-d", datos, "-o", html.parent)[0] == 0
    for nombre in ("06", "COL", "Colima", "tierra del volcan"):  # la clave INEGI, la abreviatura, el alias
        archivo = escribir(tmp_path / "colima.yaml", f"entidad: {nombre}\nperiodo: 2024-04\nacuerdos: []\n")
        _abrir(pagina, html)
        assert _abrir_archivo(pagina, archivo).startswith("Se abrió colima.yaml."), nombre
    # lo que recibir acepta y lo que el formulario abre son lo mismo
    assert correr("recibir", archivo, "-p", PERIODO, "-d", datos)[0] == 0


@pytest.mark.parametrize("resto, motivo", [
    # lo que congelaría la página (cientos de miles de grupos, textos de megabytes): se rechaza antes de mostrarlo
    ("acuerdos:\n" + "  - descripcion: x\n" * 200_000,
     "la línea 504 tiene más de 500 elementos en una lista; ningún informe mensual tiene tantos"),
    ("".join(f"k{i}: v\n" for i in range(200_000)), "la línea 501 tiene más de 500 claves en un mapa"),
    ("acuerdos:\n  - descripcion: x\n" + "      y\n" * 400_000,
     "la línea 4 tiene un texto de 800,001 caracteres (Acuerdo 1, descripción); el máximo es "),
    ('acuerdos:\n  - descripcion: "a\n      ' + "\\\\" * 1_000_000 + '\n      b"\n',
     "la línea 4 tiene un texto de 1,000,004 caracteres (Acuerdo 1, descripción)"),
])
def test_un_archivo_hostil_se_rechaza_pronto_y_con_su_motivo(mes, pagina, tmp_path, resto, motivo):
    _, html = mes
    archivo = escribir(tmp_path / "colima.yaml", "entidad: Colima\nperiodo: 2024-04\n" + resto)
    _abrir(pagina, html)
    antes = _valores(pagina)
    assert _abrir_archivo(pagina, archivo).startswith(f"No se abrió colima.yaml: {motivo}")
    assert _valores(pagina) == antes  # el formulario queda como estaba


def test_un_texto_entre_comillas_en_varias_lineas_se_lee_como_yaml(mes, pagina, tmp_path):
    texto = ('entidad: Colima\nperiodo: 2024-04\nreuniones: []\nmedidas: []\nacuerdos:\n'
             '  - descripcion: "Primera línea\n      # no es comentario\n\n      tercera \\\\\n      cuarta"\n'
             "  - descripcion: 'con ''simples''\n      # tampoco es comentario'\n"
             '  - descripcion: "Otra entidad: «" \n')
    archivo = escribir(tmp_path / "colima.yaml", texto)
    esperados = [a["descripcion"] for a in yaml.safe_load(texto)["acuerdos"]]
    _, html = mes
    _abrir(pagina, html)
    assert _abrir_archivo(pagina, archivo).startswith("Se abrió colima.yaml")
    acuerdos = _seccion(pagina, "Acuerdos tomados en el periodo")
    assert [acuerdos.get_by_role("group", name=f"Acuerdo {i}").get_by_label("Descripción").input_value()
            for i in (1, 2, 3)] == esperados


def test_un_valor_enorme_se_cita_por_su_principio(mes, pagina, tmp_path):
    _, html = mes
    _abrir(pagina, html)
    ajeno = escribir(tmp_path / "otra.yaml", "entidad: " + "Sonora " * 100_000 + "\nperiodo: 2024-04\n")
    assert _abrir_archivo(pagina, ajeno) == ("No se abrió otra.yaml: la línea 1 tiene otra entidad («" + ("Sonora " * 9)[:60] +
                                             "…»); este formulario es de Colima.")
    seguimiento = escribir(tmp_path / "colima.yaml", "entidad: Colima\nperiodo: 2024-04\nseguimiento:\n  - acuerdo: " +
                           "X" * 100_000 + "\n    estatus: Concluido\n")
    avisos = _abrir_archivo(pagina, seguimiento)
    assert "Línea 4: Seguimiento 1: el acuerdo «" + "X" * 60 + "…» no está entre los abiertos de Colima" in avisos


def test_un_error_y_un_aviso_del_mismo_campo_se_leen_cada_uno_con_su_color(mes, pagina):
    _, html = mes
    _abrir(pagina, html)
    _llenar_como_la_jle(pagina)
    descripcion = pagina.get_by_role("group", name="Acuerdo 1").get_by_label("Descripción")
    descripcion.fill("Reforzar lа vigilancia 🚨")
    reunion = pagina.get_by_role("group", name="Reunión 1")
    reunion.get_by_label("Asistentes").fill("0")
    reunion.get_by_label("Fecha", exact=True).fill("2024-04-30")
    _sin_descarga(pagina)
    # el borde rojo de un campo con error, en cada clase de control (no solo en los textos)
    for campo in (descripcion, reunion.get_by_label("Asistentes"), reunion.get_by_label("Fecha", exact=True)):
        assert campo.evaluate("e => [e.getAttribute('aria-invalid'), getComputedStyle(e).borderTopColor, "
                              "getComputedStyle(e).borderTopWidth]") == ["true", "rgb(164, 0, 29)", "3px"]
    lugar = pagina.locator("#" + descripcion.get_attribute("id") + "-error")
    assert lugar.get_attribute("class") == "mensaje error"
    renglones = lugar.locator("span")
    assert [renglones.nth(i).get_attribute("class") for i in (0, 1)] == ["error", "advertencia"]
    assert renglones.nth(0).inner_text().startswith("Error: El carácter «🚨» (U+1F6A8)")
    assert renglones.nth(1).inner_text().startswith("Aviso: Letra de la escritura cirílica (U+0430)")
    colores = renglones.evaluate_all("ss => ss.map(s => getComputedStyle(s).color)")
    assert colores == ["rgb(164, 0, 29)", "rgb(107, 69, 0)"]  # --rojo y --ambar, AA sobre blanco
    assert revisar_axe(pagina) == []


def test_marcas_de_direccion_y_llaves_de_plantilla_de_la_historia_son_texto(mes, pagina, correr):
    datos, html = mes
    hostil = "\u202eovitca\u202c {{ 7 * 7 }} {% raw %} ${alerta} `orden` \u2066aislado\u2069"
    colima = datos / "2024-03" / "jle" / "colima.yaml"
    texto = colima.read_text(encoding="utf-8")
    original = "Acordar el acompañamiento de seguridad a los vehículos con documentación electoral (acuerdo 1)."
    colima.write_text(texto.replace(original, hostil), encoding="utf-8")
    assert correr("plantilla", "-p", PERIODO, "--entidad", ENTIDAD, "-d", datos, "-o", html.parent)[0] == 0
    _abrir(pagina, html)
    acuerdo = pagina.get_by_role("group", name="Acuerdo COL-2024-03-001")
    assert acuerdo.locator(".texto-acuerdo").evaluate("e => e.textContent") == hostil
    # la marca no voltea lo que sigue: el estatus vigente se lee en su orden
    assert acuerdo.locator(".ayuda").first.inner_text() == "Estatus vigente: Planeación."
    assert "49" not in pagina.locator("main").inner_text()


def test_con_tab_se_llega_a_cada_control_y_el_foco_se_ve(mes, pagina):
    _, html = mes
    _abrir(pagina, html)
    _llenar_como_la_jle(pagina)
    asistentes = pagina.get_by_role("group", name="Reunión 1").get_by_label("Asistentes")
    asistentes.fill("0")
    pagina.get_by_role("button", name="Guardar archivo").click()  # con el resumen de errores a la vista
    controles = pagina.evaluate("""() => {
        const ids = [];
        document.querySelectorAll('input, select, textarea, button, a[href]').forEach(e => {
            if (e.offsetParent === null) return;  // oculto
            if (e.type === 'radio') { const g = 'radio:' + e.name; if (!ids.includes(g)) ids.push(g); return; }
            if (!e.id) e.id = 'control-' + ids.length;
            ids.push(e.id);
        });
        return ids;
    }""")
    vistos, contornos = [], set()
    pagina.evaluate("document.activeElement.blur()")
    for _ in range(3 * len(controles)):  # una fecha son tres paradas: día, mes y año
        pagina.keyboard.press("Tab")
        actual = pagina.evaluate("""() => {
            const e = document.activeElement;
            return [e.type === 'radio' ? 'radio:' + e.name : (e.id || e.tagName), getComputedStyle(e).outlineStyle,
                    getComputedStyle(e).outlineWidth];
        }""")
        if actual[0] not in vistos:
            vistos.append(actual[0])
        if actual[0] != "BODY":  # después del último control, el foco vuelve al documento
            contornos.add((actual[0],) + tuple(actual[1:]))
    assert [c for c in controles if c not in vistos] == []
    assert {c for c in contornos if c[1:] != ("solid", "3px")} == set()
    # el enlace del resumen, con Enter, lleva el foco al campo
    pagina.get_by_role("link", name=re.compile("^Reunión 1, Asistentes: 0 asistentes")).focus()
    pagina.keyboard.press("Enter")
    assert pagina.evaluate("document.activeElement.id") == asistentes.get_attribute("id")


def test_un_archivo_con_bom_y_saltos_crlf_se_lee_igual(mes, pagina, tmp_path):
    texto = ('entidad: Colima\nperiodo: 2024-04\nreuniones: []\nmedidas: []\nacuerdos:\n'
             '  - descripcion: |\n      Con salto final\n\n      y una línea en blanco\n'
             '  - descripcion: "Partido\n      en dos"\n')
    archivo = escribir(tmp_path / "colima.yaml", "\ufeff".encode() + texto.replace("\n", "\r\n").encode())
    esperados = [a["descripcion"] for a in yaml.safe_load(texto)["acuerdos"]]
    _, html = mes
    _abrir(pagina, html)
    assert _abrir_archivo(pagina, archivo).startswith("Se abrió colima.yaml")
    acuerdos = _seccion(pagina, "Acuerdos tomados en el periodo")
    assert [acuerdos.get_by_role("group", name=f"Acuerdo {i}").get_by_label("Descripción").input_value()
            for i in (1, 2)] == esperados


def test_un_texto_pegado_con_crlf_se_guarda_con_saltos_de_linea(mes, pagina, correr, tmp_path):
    datos, html = mes
    _abrir(pagina, html)
    _llenar_como_la_jle(pagina)
    descripcion = pagina.get_by_role("group", name="Acuerdo 1").get_by_label("Descripción")
    descripcion.fill("Pegado de Word\r\ncon CRLF\r\n")
    assert descripcion.input_value() == "Pegado de Word\ncon CRLF\n"  # lo que la persona ve en el campo
    guardado = _guardar(pagina, tmp_path / "colima-2024-04.yaml")
    assert correr("recibir", guardado, "-p", PERIODO, "-d", datos)[0] == 0
    guardada = yaml.safe_load((datos / PERIODO / "jle" / "colima.yaml").read_text(encoding="utf-8"))
    assert guardada["acuerdos"][0]["descripcion"] == "Pegado de Word\ncon CRLF\n"


def test_las_fechas_van_del_inicio_al_corte_y_una_anterior_es_reporte_tardio(mes, pagina, correr, tmp_path):
    datos, html = mes
    _abrir(pagina, html)
    _llenar_como_la_jle(pagina)
    fecha = pagina.get_by_role("group", name="Reunión 1").get_by_label("Fecha", exact=True)
    assert (fecha.get_attribute("min"), fecha.get_attribute("max")) == ("2024-03-24", "2024-04-23")
    instalada = pagina.get_by_label("Fecha de instalación")
    assert (instalada.get_attribute("min"), instalada.get_attribute("max")) == (None, "2024-04-23")
    fecha.fill("2024-03-01")  # escrita, aunque el calendario no la ofrezca
    fecha.blur()
    lugar = pagina.locator("#" + fecha.get_attribute("id") + "-error")
    assert lugar.inner_text() == ("Aviso: La fecha es anterior al inicio del periodo (del 24 de marzo al 23 de abril de "
                                  "2024): se contará como reporte tardío.")
    assert pagina.locator("#" + fecha.get_attribute("id") + "-palabras").inner_text() == "1 de marzo de 2024"
    guardado = _guardar(pagina, tmp_path / "colima-2024-04.yaml")
    assert correr("recibir", guardado, "-p", PERIODO, "-d", datos)[0] == 0
    guardada = yaml.safe_load((datos / PERIODO / "jle" / "colima.yaml").read_text(encoding="utf-8"))
    assert str(guardada["reuniones"][0]["fecha"]) == "2024-03-01"


def test_claves_como_proto_o_constructor_se_nombran_y_no_tocan_la_pagina(mes, pagina, tmp_path):
    _, html = mes
    archivo = escribir(tmp_path / "colima.yaml", (
        "entidad: Colima\nperiodo: 2024-04\n__proto__:\n  value: contaminado\nreuniones:\n"
        "  - fecha: 2024-04-10\n    modalidad: constructor\n    asistentes: 3\nacuerdos: []\nmedidas: []\n"
        "seguimiento:\n  - acuerdo: __proto__\n    estatus: Concluido\n"))
    _abrir(pagina, html)
    avisos = _abrir_archivo(pagina, archivo)
    assert "Línea 3: El archivo: la clave «__proto__» no es del formato; no se muestra" in avisos
    assert "Línea 7: Reunión 1, modalidad: «constructor» no está en el catálogo" in avisos
    assert "Seguimiento 1: el acuerdo «__proto__» no está entre los abiertos de Colima" in avisos
    assert pagina.evaluate("({}).value === undefined && ({}).estatus === undefined")


def test_abrir_no_mezcla_lo_elegido_antes_con_el_archivo(mes, pagina, tmp_path):
    _, html = mes
    _abrir(pagina, html)
    estatus = pagina.get_by_role("group", name="Acuerdo COL-2024-03-001").get_by_label("Estatus")
    vigente = estatus.input_value()
    estatus.select_option("Concluido")
    assert vigente != "Concluido"
    archivo = escribir(tmp_path / "colima.yaml", "entidad: Colima\nperiodo: 2024-04\nreuniones: []\nacuerdos: []\n"
                                                 "medidas: []\n")
    _abrir_archivo(pagina, archivo)
    assert estatus.input_value() == vigente  # el archivo no lo cambia: queda el vigente, no lo elegido antes


def test_una_clave_sin_fin_se_corta_y_cabe_al_200_por_ciento(mes, navegador, tmp_path):
    _, html = mes
    archivo = escribir(tmp_path / "colima.yaml", "entidad: Colima\nperiodo: 2024-04\n" + "k" * 300_000 + ": x\n"
                       "acuerdos:\n  - descripcion: " + "Palabrasinfin" * 1000 + "\n")
    p = navegador.new_context(viewport={"width": 512, "height": 384}, device_scale_factor=2).new_page()
    _abrir(p, html)
    avisos = _abrir_archivo(p, archivo)
    assert "la clave «" + "k" * 60 + "…» no es del formato" in avisos and len(avisos) < 1000
    assert p.evaluate("document.documentElement.scrollWidth") <= 512
    p.context.close()
