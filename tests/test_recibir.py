"""El ciclo con las JLE: plantilla → la JLE edita → recibir → resumen → plantilla siguiente; reenvíos y estado."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import DEMO, escribir


@pytest.fixture
def datos(tmp_path) -> Path:
    """La demostración más un cuarto periodo vacío, listo para recibir."""
    destino = tmp_path / "datos"
    shutil.copytree(DEMO, destino)
    # la demo termina en 2024-03 como último informe; aquí la serie sigue, así que ese ya no es el último
    marzo = destino / "2024-03" / "periodo.yaml"
    marzo.write_text(marzo.read_text(encoding="utf-8").replace("ultimo: true", "ultimo: false"), encoding="utf-8")
    escribir(destino / "2024-04" / "periodo.yaml", "numero: 4\ninicio: 2024-03-24\nfin: 2024-04-23\n")
    escribir(destino / "2024-05" / "periodo.yaml", "numero: 5\ninicio: 2024-04-24\nfin: 2024-05-23\n")
    return destino


def _plantilla(correr, datos: Path, salida: Path, periodo="2024-04", entidad="Colima") -> Path:
    codigo, _, error = correr("plantilla", "-p", periodo, "-e", entidad, "-d", datos, "-o", salida)
    assert codigo == 0, error
    return salida / f"{entidad.lower()}-{periodo}.yaml"


def _editar(ruta: Path, *reemplazos: tuple[str, str]) -> Path:
    texto = ruta.read_text(encoding="utf-8")
    for viejo, nuevo in reemplazos:
        assert viejo in texto, viejo
        texto = texto.replace(viejo, nuevo)
    ruta.write_text(texto, encoding="utf-8")
    return ruta


NUEVO_ACUERDO = ("acuerdos: []  # sustituya [] por la lista de acuerdos del periodo, si los hubo",
                 "acuerdos:\n  - descripcion: Nuevo acuerdo de abril.\n    estatus: Planeación")


def test_plantilla_sin_tocar_es_valida_y_trae_el_seguimiento(correr, correr_json, datos, tmp_path):
    ruta = _plantilla(correr, datos, tmp_path / "pl")
    texto = ruta.read_text(encoding="utf-8")
    assert texto.startswith("# yaml-language-server: $schema=jle.schema.json\n")
    assert (tmp_path / "pl" / "jle.schema.json").is_file()
    assert "del 2024-03-24 al 2024-04-23" in texto
    assert "  - acuerdo: COL-2024-02-002\n    estatus: En proceso  # estatus vigente" in texto
    assert "COL-2024-01-003" not in texto  # ya concluido
    codigo, j = correr_json("validar", ruta, "-d", datos, "-f", "json")
    assert codigo == 0 and j["errores"] == 0 and j["advertencias"] == 0


def test_ida_y_vuelta(correr, correr_json, datos, tmp_path):
    ruta = _editar(_plantilla(correr, datos, tmp_path / "pl"),
                   ("  - acuerdo: COL-2024-02-002\n    estatus: En proceso  # estatus vigente",
                    "  - acuerdo: COL-2024-02-002\n    estatus: Concluido"), NUEVO_ACUERDO)
    codigo, salida, _ = correr("recibir", ruta, "-p", "2024-04", "-d", datos)
    plano = " ".join(salida.split())
    assert codigo == 0 and "→ Colima: guardado, acuerdos nuevos: COL-2024-04-001" in plano
    guardado = (datos / "2024-04" / "jle" / "colima.yaml").read_text(encoding="utf-8")
    assert "  - id: COL-2024-04-001\n    descripcion: \"Nuevo acuerdo de abril.\"" in guardado
    _, r3 = correr_json("resumen", "-p", "2024-03", "-d", datos, "-f", "json")
    _, r4 = correr_json("resumen", "-p", "2024-04", "-d", datos, "-f", "json")
    assert r4["acuerdos"]["total"] == 1
    antes, despues = r3["acuerdos"]["total"] + r3["acuerdos_anteriores"]["total"], r4["acuerdos_anteriores"]["total"]
    assert despues == antes  # los mismos acuerdos, ahora todos «anteriores»
    conc = lambda r: r["acuerdos"]["por_estatus"]["Concluido"] + r["acuerdos_anteriores"]["por_estatus"]["Concluido"]  # noqa: E731
    assert r4["acuerdos_anteriores"]["por_estatus"]["Concluido"] == conc(r3) + 1  # COL-2024-02-002 se concluyó
    siguiente = _plantilla(correr, datos, tmp_path / "pl", periodo="2024-05").read_text(encoding="utf-8")
    assert "COL-2024-02-002" not in siguiente and "  - acuerdo: COL-2024-04-001" in siguiente


def test_reenvios(correr, datos, tmp_path):
    ruta = _editar(_plantilla(correr, datos, tmp_path / "pl"), NUEVO_ACUERDO)
    guardado = datos / "2024-04" / "jle" / "colima.yaml"
    assert correr("recibir", ruta, "-p", "2024-04", "-d", datos)[0] == 0
    primero = guardado.read_bytes()
    # idéntico
    codigo, salida, _ = correr("recibir", ruta, "-p", "2024-04", "-d", datos)
    assert codigo == 0 and "ya registrado, igual al archivo guardado el" in " ".join(salida.split())
    assert guardado.read_bytes() == primero
    assert not list(guardado.parent.glob("*.anterior-*"))
    # aditivo: conserva el id del acuerdo que ya estaba y guarda la versión previa
    _editar(ruta, ("    estatus: Planeación\n", "    estatus: Planeación\n  - descripcion: Segundo de abril.\n"
                                                 "    estatus: En proceso\n"))
    codigo, salida, _ = correr("recibir", ruta, "-p", "2024-04", "-d", datos)
    assert codigo == 0 and "acuerdos nuevos: COL-2024-04-002" in " ".join(salida.split())
    assert (guardado.parent / "colima.yaml.anterior-1").read_bytes() == primero
    segundo = guardado.read_bytes()
    assert b"COL-2024-04-001" in segundo and b"Segundo de abril." in segundo
    # destructivo: quita un acuerdo → se rechaza sin --reemplazar
    _editar(ruta, ("  - descripcion: Nuevo acuerdo de abril.\n    estatus: Planeación\n", ""))
    codigo, salida, _ = correr("recibir", ruta, "-p", "2024-04", "-d", datos)
    plano = " ".join(salida.split())
    assert codigo == 1 and "no guardado, quitaría del envío anterior: acuerdo COL-2024-04-001;" in plano
    acuse = " ".join(max((datos / "2024-04" / "acuses").iterdir(), key=lambda p: p.stat().st_mtime_ns).read_text(encoding="utf-8").split())
    assert "Resultado: PENDIENTE DE CONFIRMACIÓN." in acuse
    assert "Lo que se perdería - Acuerdo COL-2024-04-001 (Planeación): Nuevo acuerdo de abril." in acuse
    assert "registr" not in acuse.split("Lo que se perdería")[1].split("Qué enviar")[0]  # ni «registrados»
    assert guardado.read_bytes() == segundo
    # el envío que no se registró queda tal como llegó en rechazados/, y estado lo cuenta sin perder lo guardado
    [copia] = (datos / "2024-04" / "rechazados").iterdir()
    assert copia.read_bytes() == ruta.read_bytes()
    codigo, salida, _ = correr("recibir", ruta, "-p", "2024-04", "-d", datos, "--reemplazar")
    assert codigo == 0 and (guardado.parent / "colima.yaml.anterior-2").read_bytes() == segundo
    assert b"COL-2024-04-002" in guardado.read_bytes() and b"COL-2024-04-001" not in guardado.read_bytes()


def test_otro_periodo_otra_entidad_y_dos_de_una(correr, correr_json, datos, tmp_path):
    marzo = escribir(tmp_path / "marzo.yaml", "entidad: Colima\nperiodo: 2024-03\n")
    codigo, j = correr_json("recibir", marzo, "-p", "2024-04", "-d", datos, "-f", "json")
    assert codigo == 1
    [r] = j["archivos"]
    assert r["estado"] == "con errores" and "periodo-distinto" in [p["codigo"] for p in r["problemas"]]
    assert not (datos / "2024-04" / "jle").exists()
    # un archivo de Sonora se guarda como Sonora, aunque se llame colima.yaml
    sonora = escribir(tmp_path / "colima.yaml", "entidad: Sonora\nperiodo: 2024-04\n")
    codigo, j = correr_json("recibir", sonora, "-p", "2024-04", "-d", datos, "-f", "json")
    assert codigo == 0 and j["archivos"][0]["entidad"] == "Sonora"
    assert (datos / "2024-04" / "jle" / "sonora.yaml").is_file() and not (datos / "2024-04" / "jle" / "colima.yaml").exists()
    # dos archivos de una entidad en una sola llamada: no se guarda ninguno
    a = escribir(tmp_path / "a.yaml", "entidad: Jalisco\nperiodo: 2024-04\nacuerdos: []\n")
    b = escribir(tmp_path / "b.yaml", "entidad: JAL\nperiodo: 2024-04\nacuerdos:\n  - descripcion: Uno.\n    estatus: Concluido\n")
    codigo, j = correr_json("recibir", a, b, "-p", "2024-04", "-d", datos, "-f", "json")
    assert codigo == 1
    assert [r["estado"] for r in j["archivos"]] == ["con errores", "con errores"]
    assert all("entidad-duplicada" in [p["codigo"] for p in r["problemas"]] for r in j["archivos"])
    assert not (datos / "2024-04" / "jle" / "jalisco.yaml").exists()


def test_caida_a_medio_guardar_no_cambia_nada(correr, datos, tmp_path, monkeypatch):
    import informe.archivos

    ruta = _editar(_plantilla(correr, datos, tmp_path / "pl"), NUEVO_ACUERDO)
    assert correr("recibir", ruta, "-p", "2024-04", "-d", datos)[0] == 0
    guardado = datos / "2024-04" / "jle" / "colima.yaml"
    antes = {p.name: p.read_bytes() for p in guardado.parent.iterdir()}
    _editar(ruta, ("    estatus: Planeación\n", "    estatus: Concluido\n"))

    reemplazos = []

    def falla_en_el_segundo(origen, destino):
        if not str(destino).startswith(str(datos)):  # p. ej. la caché: no es lo que se prueba
            return original(origen, destino)
        reemplazos.append(destino)
        # el respaldo ya se escribió (con O_EXCL, sin os.replace); la caída llega al mover el archivo nuevo
        if len(reemplazos) == 1:
            assert any(p.name.startswith("colima.yaml.anterior") for p in guardado.parent.iterdir())
            raise OSError("disco lleno (simulado)")
        return original(origen, destino)

    original = informe.archivos.os.replace
    monkeypatch.setattr(informe.archivos.os, "replace", falla_en_el_segundo)
    from informe.seguridad.recibir import recibir

    with pytest.raises(OSError):
        recibir([ruta], datos, "2024-04")
    monkeypatch.undo()
    despues = {p.name: p.read_bytes() for p in guardado.parent.iterdir() if not p.name.startswith("colima.yaml.anterior")}
    assert despues == antes  # el archivo guardado quedó como estaba y no hay temporales
    assert not [p for p in guardado.parent.iterdir() if p.name.startswith(".")]


def test_estado(correr, datos, tmp_path):
    codigo, salida, _ = correr("estado", "-p", "2024-03", "-d", datos)
    assert codigo == 0 and "32 JLE: 32 recibidas (1 con advertencias), 0 faltan." in " ".join(salida.split())
    codigo, salida, _ = correr("estado", "-p", "2024-04", "-d", datos)
    assert codigo == 1 and "32 JLE: 0 recibidas, 32 faltan." in " ".join(salida.split())
    ruta = _editar(_plantilla(correr, datos, tmp_path / "pl"), NUEVO_ACUERDO)
    correr("recibir", ruta, "-p", "2024-04", "-d", datos)
    escribir(datos / "2024-04" / "jle" / "sonora.yaml", "entidad: Sonora\nperiodo: 2024-04\nacuerdos:\n"
                                                        "  - descripcion: X\n    estatus: Terminado\n")
    codigo, salida, _ = correr("estado", "-p", "2024-04", "-d", datos)
    plano = " ".join(salida.split())
    assert codigo == 1 and "32 JLE: 1 recibida, 1 con errores en el archivo guardado, 30 faltan." in plano
    fila = next(linea for linea in salida.splitlines() if linea.strip().startswith("Sonora"))
    assert "archivo guardado con errores" in fila


def test_recibir_a_la_vez_no_pierde_ningun_envio(tmp_path):
    """Dos `informe recibir` de la misma entidad al mismo tiempo, en procesos reales: ninguno se pierde."""
    import subprocess
    import sys

    datos = tmp_path / "datos"
    escribir(datos / "2024-05" / "periodo.yaml", "numero: 5\ninicio: 2024-04-24\nfin: 2024-05-23\n")
    envios = []
    for i in range(2):
        envios.append(escribir(tmp_path / f"envio{i}" / "colima.yaml",
                               f"entidad: Colima\nperiodo: 2024-05\nacuerdos:\n  - descripcion: Envío número {i}.\n"
                               "    estatus: Planeación\n"))
    for intento in range(3):
        procesos = [subprocess.Popen([sys.executable, "-m", "informe", "recibir", str(e), "-p", "2024-05", "-d", str(datos),
                                      "--reemplazar"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env={**__import__("os").environ, "INFORME_CACHE": "0"})
                    for e in envios]
        salidas = [p.communicate(timeout=120) for p in procesos]
        assert all(p.returncode == 0 for p in procesos), salidas
        assert all("guardado" in s or "sin cambios" in s for s, _ in salidas)
        carpeta = datos / "2024-05" / "jle"
        guardados = "".join(p.read_text(encoding="utf-8") for p in carpeta.iterdir() if p.name.startswith("colima.yaml"))
        # lo vigente más los respaldos contienen los dos envíos: nada se sustituyó sin respaldo
        assert "Envío número 0." in guardados and "Envío número 1." in guardados
        respaldos = sorted(p.name for p in carpeta.iterdir() if ".anterior-" in p.name)
        assert len(respaldos) == len(set(respaldos))


def test_reenvio_que_pierde_asistentes_temas_o_mesa_pide_reemplazar(correr, tmp_path):
    datos = tmp_path / "datos"
    escribir(datos / "2024-05" / "periodo.yaml", "numero: 5\ninicio: 2024-04-24\nfin: 2024-05-23\n")
    completo = ("entidad: Colima\nperiodo: 2024-05\nmesa:\n  instalada: 2023-10-05\nreuniones:\n"
                "  - fecha: 2024-05-02\n    modalidad: virtual\n    asistentes: 12\n    temas:\n"
                "      - tipo: inseguridad\n        descripcion: Seguridad en campo.\n")
    envio = escribir(tmp_path / "colima.yaml", completo)
    assert correr("recibir", envio, "-p", "2024-05", "-d", datos)[0] == 0
    recortado = completo.replace("    asistentes: 12\n", "").replace("mesa:\n  instalada: 2023-10-05\n", "")
    escribir(envio, recortado)
    codigo, salida, _ = correr("recibir", envio, "-p", "2024-05", "-d", datos)
    assert codigo == 1 and "no guardado, quitaría del envío anterior: 2 datos (vea el acuse)" in " ".join(salida.split())
    acuse = " ".join(max((datos / "2024-05" / "acuses").iterdir(), key=lambda p: p.stat().st_mtime_ns).read_text(encoding="utf-8").split())
    assert "- Mesa.instalada: 2023-10-05 → sin dato" in acuse
    assert "- Reunión del 2024-05-02 (modalidad virtual, 12 asistentes, 1 temas): se elimina o cambia" in acuse
    guardado = (datos / "2024-05" / "jle" / "colima.yaml").read_text(encoding="utf-8")
    assert "asistentes: 12" in guardado  # nada cambió sin --reemplazar
    codigo, salida, _ = correr("recibir", envio, "-p", "2024-05", "-d", datos, "--reemplazar")
    assert codigo == 0 and "guardado" in salida


def test_texto_hostil_se_rechaza_y_se_conserva_tal_como_llego(correr, tmp_path):
    """DEL, NEL, C1 y U+FFFE no se pueden imprimir en el PDF del informe: el envío se rechaza con
    texto-sin-glifo en su línea, y la copia rechazada guarda los bytes tal como llegaron (nada se pierde).
    Que el serializador devuelve idéntico cualquier texto lo prueba test_serializar con hypothesis."""
    datos = tmp_path / "datos"
    escribir(datos / "2024-05" / "periodo.yaml", "numero: 5\ninicio: 2024-04-24\nfin: 2024-05-23\n")
    hostil = "Uno\\x7f dos\\x85 tres\\u2028 cuatro\\uFFFE cinco\\x9b"
    envio = escribir(tmp_path / "col\x7fima.yaml",
                     f"entidad: Colima\nperiodo: 2024-05\nacuerdos:\n  - descripcion: \"{hostil}\"\n"
                     "    estatus: Planeación\n")
    codigo, salida, error = correr("recibir", envio, "-p", "2024-05", "-d", datos)
    assert codigo == 1 and "texto-sin-glifo (línea 4)" in salida + error
    [copia] = (datos / "2024-05" / "rechazados").iterdir()
    assert copia.read_bytes() == envio.read_bytes()
    assert not (datos / "2024-05" / "jle" / "colima.yaml").exists()


def test_carpeta_de_correo_con_un_word_y_un_rechazo(correr, datos, tmp_path):
    """Los adjuntos de un correo: un .docx en lugar del YAML y un YAML con errores; ninguno se pierde."""
    import io
    import zipfile

    correo = tmp_path / "correo"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    escribir(correo / "colima.docx", buffer.getvalue())
    escribir(correo / "sonora.yaml", "entidad: Sonora\nperiodo: 2024-04\nacuerdos:\n  - descripcion: Uno\n"
                                     "    estatus: Terminado\n")
    codigo, salida, _ = correr("recibir", correo, "-p", "2024-04", "-d", datos)
    assert codigo == 1
    plano = " ".join(salida.split())
    assert "colima.docx → Colima: rechazado, 1 error: archivo-no-yaml" in plano  # por el nombre del archivo
    assert "sonora.yaml → Sonora: rechazado, 1 error: estatus-desconocido (línea 5)" in plano
    rechazados = sorted(p.name for p in (datos / "2024-04" / "rechazados").iterdir())
    assert len(rechazados) == 2 and any(n.endswith("-SON-sonora.yaml") for n in rechazados)
    assert (datos / "2024-04" / "rechazados" / next(n for n in rechazados if "SON" in n)).read_bytes() == \
        (correo / "sonora.yaml").read_bytes()
    acuse = next(p for p in (datos / "2024-04" / "acuses").iterdir() if "SON" in p.name).read_text(encoding="utf-8")
    acuse = " ".join(acuse.split())
    assert "Resultado: NO SE REGISTRÓ." in acuse and "Línea 5, columna 14. Acuerdo 1, estatus: «Terminado»" in acuse
    assert "Su archivo dice: «estatus: Terminado»" in acuse
    assert "Qué hacer: Use uno de: Planeación, En proceso, Concluido." in acuse
    # estado distingue lo rechazado de lo que no llegó, y cabe en 80 columnas
    codigo, salida, _ = correr("estado", "-p", "2024-04", "-d", datos)
    assert codigo == 1
    # cada una con la causa de su rechazo; el .docx no cuenta como falta
    filas = {l.split()[0]: l.split()[3] for l in salida.splitlines() if l.strip().startswith(("Colima", "Sonora"))}
    assert filas == {"Colima": "archivo-no-yaml:", "Sonora": "estatus-desconocido:"}
    assert "32 JLE: 0 recibidas, 2 rechazadas, 30 faltan." in " ".join(salida.split()), salida[-400:]
    assert max(len(l) for l in salida.splitlines() if str(datos) not in l) <= 80


def test_nombres_que_no_son_utf8(correr, tmp_path):
    """Un adjunto guardado desde otro sistema: su nombre no es UTF-8, en la entrada y dentro de datos/."""
    import os

    datos = tmp_path / "datos"
    escribir(datos / "2024-05" / "periodo.yaml", "numero: 6\ninicio: 2024-04-24\nfin: 2024-05-21\n")
    entrada = tmp_path / "correo"
    entrada.mkdir()
    with open(os.path.join(os.fsencode(entrada), b"col\xffima.yaml"), "wb") as f:
        f.write(b"entidad: Colima\nperiodo: 2024-05\nacuerdos:\n  - descripcion: Uno\n    estatus: Concluido\n")
    codigo, salida, _ = correr("recibir", entrada, "-p", "2024-05", "-d", datos)
    assert codigo == 0 and "col\\xffima.yaml → Colima: guardado" in " ".join(salida.split())
    # un archivo mal nombrado dentro de datos/ tampoco tumba validar, estado ni compilar
    with open(os.path.join(os.fsencode(datos / "2024-05" / "jle"), b"otra\xfe.yaml"), "wb") as f:
        f.write(b"entidad: Sonora\nperiodo: 2024-05\n")
    codigo, salida, _ = correr("validar", datos, "-d", datos)
    assert codigo == 0, salida
    assert correr("estado", "-p", "2024-05", "-d", datos)[0] == 1
    assert correr("compilar", "-p", "2024-05", "-d", datos, "-o", tmp_path / "s", "-f", "md", "--permitir-faltantes")[0] == 0


def test_correccion_de_redaccion_conserva_el_id(correr, datos, tmp_path):
    """Una errata, la puntuación o una palabra cambiada no renumeran el acuerdo: se reporta «modificado»."""
    acuerdos = ("acuerdos: []  # sustituya [] por la lista de acuerdos del periodo, si los hubo",
                "acuerdos:\n"
                "  - descripcion: Reforzar la vigilancia de las bodegas electorales en los distritos 03 y 05.\n"
                "    estatus: Planeación\n"
                "  - descripcion: Instalar una mesa de trabajo con la Fiscalía del estado.\n"
                "    estatus: En proceso\n")
    ruta = _editar(_plantilla(correr, datos, tmp_path / "pl"), acuerdos)
    guardado = datos / "2024-04" / "jle" / "colima.yaml"
    assert correr("recibir", ruta, "-p", "2024-04", "-d", datos)[0] == 0
    _editar(ruta, ("Reforzar la vigilancia de las bodegas electorales en los distritos 03 y 05.",
                   "Reforzar la custodia de las bodegas electorales en los distritos 03 y 05"),  # palabra y punto
            ("Instalar una mesa de trabajo con la Fiscalía del estado.",
             "Solicitar a la Secretaría de Marina patrullajes en la zona serrana."))  # otro acuerdo
    codigo, salida, _ = correr("recibir", ruta, "-p", "2024-04", "-d", datos, "--reemplazar")
    plano = " ".join(salida.split())
    assert codigo == 0, salida
    assert "redacción corregida: COL-2024-04-001" in plano
    assert "acuerdos nuevos: COL-2024-04-003" in plano and "acuerdos quitados: COL-2024-04-002" in plano
    texto = guardado.read_text(encoding="utf-8")
    import re

    assert re.search(r"id: COL-2024-04-001\n +descripcion: \"?Reforzar la custodia", texto), texto
    acuses = [p.read_text(encoding="utf-8") for p in (datos / "2024-04" / "acuses").iterdir()]
    acuse = " ".join(max((datos / "2024-04" / "acuses").iterdir(), key=lambda p: p.stat().st_mtime_ns).read_text(encoding="utf-8").split())
    assert ("- Redacción del acuerdo COL-2024-04-001 (conserva su identificador): "
            "Antes: Reforzar la vigilancia de las bodegas electorales en los distritos 03 y 05. "
            "Ahora: Reforzar la custodia de las bodegas electorales en los distritos 03 y 05") in acuse


@pytest.mark.parametrize("antes, despues, mismo", [
    ("Reforzar la vigilancia en casillas de Morelos.", "Reforzar la vigilancia en casillas de Morelos", True),
    ("Reforzar la vigilancia en casillas de Morelos.", "reforzar la vigilancia en las casillas de morelos.", True),
    ("Reforzar la vigilancia en casillas de Morelos.", "Reforzar la vigilancai en casillas de Morelos.", True),
    # una palabra cambiada es una corrección según la regla, aunque sea un nombre: el resumen lo muestra
    ("Reforzar la vigilancia en casillas de Morelos.", "Reforzar la vigilancia en casillas de Guerrero.", True),
    ("Reforzar la vigilancia en casillas de Morelos.", "Reforzar patrullajes en Morelos.", False),
    ("Instalar una mesa de trabajo.", "Concluir el recorrido de ubicación de casillas.", False),
])
def test_regla_de_semejanza(antes, despues, mismo):
    from informe.seguridad.recibir import SEMEJANZA_MINIMA, semejanza

    assert (semejanza(antes, despues) >= SEMEJANZA_MINIMA) is mismo, semejanza(antes, despues)


def test_plantilla_todas_una_carpeta_por_jle_lista_para_el_correo(correr, datos, tmp_path):
    import json

    salida = tmp_path / "pl"
    codigo, texto, _ = correr("plantilla", "-p", "2024-04", "--todas", "-d", datos, "-o", salida)
    assert codigo == 0
    carpetas = sorted(p for p in salida.iterdir())
    assert len(carpetas) == 32 and all(c.is_dir() for c in carpetas)
    for carpeta in carpetas:
        assert sorted(p.name for p in carpeta.iterdir()) == sorted(
            [f"{carpeta.name}-2024-04.yaml", f"{carpeta.name}-2024-04.html", f"instrucciones-{carpeta.name}-2024-04.txt",
             "jle.schema.json"])
    guerrero = salida / "guerrero"
    esquema = json.loads((guerrero / "jle.schema.json").read_text(encoding="utf-8"))
    assert esquema["title"].startswith("Informe mensual de una Junta Local Ejecutiva")
    instrucciones = (guerrero / "instrucciones-guerrero-2024-04.txt").read_text(encoding="utf-8")
    assert instrucciones.startswith("Junta Local Ejecutiva en Guerrero\nCuarto informe")
    abiertos = (guerrero / "guerrero-2024-04.yaml").read_text(encoding="utf-8").count("  - acuerdo: GRO-")
    assert abiertos and f"ya trae los {abiertos} acuerdos" in " ".join(instrucciones.split())
    assert max(map(len, instrucciones.splitlines())) <= 78
    assert "32 carpetas escritas en " in " ".join(texto.split()) and "(aguascalientes/ … zacatecas/)" in " ".join(texto.split())
    assert "Siguiente paso: envíe a cada JLE su carpeta; las respuestas se reciben con:" in " ".join(texto.split())
    assert len(texto.splitlines()) <= 8


@pytest.mark.parametrize("nombre, esperada", [
    ("Informe Chiapas abril.docx", "CHIS"), ("INFORME_JLE_BCS_ABRIL.docx", "BCS"),
    ("baja-california-sur-2024-04.yaml", "BCS"), ("baja-california-2024-04.yaml", "BC"),
    ("ciudad-de-mexico-2024-04.yaml", "CDMX"), ("estado-de-mexico-2024-04.yaml", "MEX"),
    ("informe sin errores.yaml", None),  # «sin» es una palabra, no Sinaloa
    ("Colima y Sonora.yaml", None),  # dos entidades: no se adivina
    ("respuesta.yaml", None),
])
def test_de_quien_es_un_envio_por_su_nombre(nombre, esperada):
    from pathlib import Path

    from informe.seguridad.recibir import atribuir

    assert atribuir(Path("correo") / nombre, None) == ((esperada, "nombre") if esperada else (None, None))


def test_de_quien_es_un_envio_ilegible(tmp_path):
    from informe.seguridad.recibir import atribuir

    # la línea «entidad:» manda sobre el nombre y la carpeta, aunque el resto del archivo no se lea
    assert atribuir(tmp_path / "colima" / "colima.yaml", 'entidad: "Chiapas\nreuniones: [\n') == ("CHIS", "archivo")
    assert atribuir(tmp_path / "guerrero" / "respuesta.yaml", "reuniones: [\n") == ("GRO", "carpeta")
    assert atribuir(tmp_path / "correo" / "respuesta.yaml", "reuniones: [\n") == (None, None)


def test_cada_codigo_dice_que_hacer_en_el_acuse():
    """Todo código, con o sin sugerencia (o con una escrita para el analista), lleva en el acuse un «Qué
    hacer» para la JLE: nunca un problema sin salida."""
    import informe.seguridad  # noqa: F401  (registra los códigos de la familia)
    from informe.problemas import CODIGOS, problema
    from informe.seguridad.acuses import para_la_jle

    for codigo in CODIGOS:
        for sugerencia in (None, "", "Vea `informe validar datos`."):
            texto = para_la_jle(problema("x.yaml", 1, 1, codigo, "Algo.", sugerencia), "colima-2024-02.yaml",
                                "2024-02")
            assert texto and "`informe" not in texto and "--" not in texto, (codigo, sugerencia, texto)


@pytest.mark.parametrize("cambio, acepta", [
    ({}, True), ({"fecha: 2024-04-23": "fecha: 2024-04-20"}, True),
    ({"fecha: 2024-04-23": "fecha: 2024-04-24"}, False),  # después del corte: fecha-posterior
    ({'entidad: "Colima"': "entidad: COLIMA"}, True), ({'entidad: "Colima"': "entidad: Jalisco"}, False),
    ({"periodo: 2024-04": "periodo: 2024-03"}, False),
])
def test_el_esquema_del_formulario_fija_entidad_periodo_y_corte(correr, datos, tmp_path, cambio, acepta):
    """El esquema que viaja con cada formulario marca lo que `recibir` rechazaría: otra entidad, otro periodo
    o una fecha posterior al corte (y sus mensajes ponen de ejemplo una fecha del periodo)."""
    assert correr("plantilla", "-p", "2024-04", "-e", "Colima", "-d", datos, "-o", tmp_path / "pl")[0] == 0
    esquema = tmp_path / "pl" / "jle.schema.json"
    assert "por ejemplo 2024-04-23" in esquema.read_text(encoding="utf-8")
    texto = (tmp_path / "pl" / "colima-2024-04.yaml").read_text(encoding="utf-8")
    texto = texto.replace("acuerdos: []", "reuniones:\n  - fecha: 2024-04-23\n    modalidad: virtual\n"
                                          "    asistentes: 5\nacuerdos: []").replace("\n# reuniones:", "\n# x:")
    for antes, despues in cambio.items():
        assert antes in texto
        texto = texto.replace(antes, despues)
    archivo = escribir(tmp_path / "colima.yaml", texto)
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile", str(esquema), str(archivo)],
                       capture_output=True, text=True)
    assert (r.returncode == 0) is acepta, r.stdout


def test_compilar_no_deja_notas_viejas(tmp_path):
    """Las notas de captura se reemplazan; si ya no hay nada que anotar, las de antes se borran: unas
    notas viejas junto a un informe nuevo dirían algo que ya no es cierto."""
    from informe.compilar import escribir_notas
    from informe.familias import Preparado

    con = Preparado("2024-04", None, None, notas=["Se supuso la fecha."], titulo_notas="Notas")
    destino = escribir_notas(tmp_path, con)
    assert destino.read_text(encoding="utf-8").count("Se supuso la fecha.") == 1
    assert escribir_notas(tmp_path, Preparado("2024-04", None, None, titulo_notas="Notas")) is None
    assert not destino.exists()


def test_estado_nombra_el_archivo_guardado_que_no_se_puede_leer(correr, datos):
    """Un archivo guardado ilegible no es una entrega que falta: estado lo nombra, con su causa."""
    escribir(datos / "2024-04" / "jle" / "tabasco.yaml", "entidad: Tabasco\nperiodo: 2024-04\nreuniones: [\n")
    codigo, salida, _ = correr("estado", "-p", "2024-04", "-d", datos)
    plano = " ".join(salida.split())
    assert codigo == 1 and "Tabasco" not in plano.split("Faltan")[1]
    fila = " ".join(next(linea for linea in salida.splitlines() if linea.strip().startswith("Tabasco")).split())
    assert "yaml-sintaxis: no se puede leer el archivo guardado" in fila


@pytest.mark.parametrize("texto, esperada", [
    ("05/02/2024", "2024-02-05"), ("5/2/24", "2024-02-05"), ("05-02-2024", "2024-02-05"),
    ("5 de febrero", "2024-02-05"), ("lunes 5 de febrero de 2024", "2024-02-05"), ("12/07", "2024-07-12"),
    ("31/02/2024", None), ("febrero", None), ("2024/02/05", None),
])
def test_las_fechas_se_leen_dia_y_mes(texto, esperada):
    """En México 05/02 es el 5 de febrero: nunca el 2 de mayo."""
    from informe.lengua import fecha_mexicana

    leida = fecha_mexicana(texto, (2024,))
    assert (leida.isoformat() if leida else None) == esperada


def test_la_sugerencia_de_fecha_dice_si_cae_fuera_del_periodo():
    from datetime import date

    from informe.lector import sugerir_fecha

    inicio, fin = date(2024, 1, 24), date(2024, 2, 23)
    assert sugerir_fecha("05/02/2024", inicio, fin) == \
        "Si es el 5 de febrero de 2024, escríbala como 2024-02-05 (año, mes y día)."
    assert "Esa fecha está fuera del periodo (del 24 de enero de 2024 al 23 de febrero de 2024)" in \
        sugerir_fecha("5 de marzo", inicio, fin)
    assert sugerir_fecha("ayer", inicio, fin) == ("Escriba la fecha como AAAA-MM-DD (año, mes y día), como "
                                                  "2024-02-23 (23 de febrero de 2024), con cifras comunes.")


@pytest.mark.parametrize("contenido", [b"{no es json", b"[1, 2]", b'{"entidades": {"COL": 5}, "huellas": {"x": 1}}'])
def test_una_bandeja_danada_no_detiene_nada(correr, datos, tmp_path, contenido):
    """La bandeja es un índice: si no se puede leer, recibir y estado siguen como sin ella."""
    escribir(datos / "2024-04" / ".bandeja.json", contenido)
    ruta = _editar(_plantilla(correr, datos, tmp_path / "pl"), NUEVO_ACUERDO)
    codigo, salida, _ = correr("recibir", ruta, "-p", "2024-04", "-d", datos)
    assert codigo == 0 and "Colima: guardado" in " ".join(salida.split())
    codigo, salida, _ = correr("estado", "-p", "2024-04", "-d", datos)
    assert "32 JLE: 1 recibida, 31 faltan." in " ".join(salida.split())
    codigo, salida, _ = correr("recibir", ruta, "-p", "2024-04", "-d", datos)
    assert codigo == 0 and "ya registrado" in salida


def test_la_carpeta_de_datos_se_encuentra_como_git(correr, datos, tmp_path, monkeypatch):
    """Sin --datos: INFORME_DATOS o, si no, la carpeta de datos que contiene al directorio de trabajo; las
    órdenes que se sugieren llegan a ella sin --datos."""
    monkeypatch.delenv("INFORME_DATOS", raising=False)
    monkeypatch.chdir(datos / "2024-04")
    codigo, salida, _ = correr("estado", "-p", "2024-04")
    assert codigo == 1 and "32 JLE: 0 recibidas, 32 faltan." in " ".join(salida.split())
    assert salida.splitlines()[-1] == "  informe estado --periodo 2024-04 --todas"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("INFORME_DATOS", "datos")
    codigo, salida, _ = correr("estado", "-p", "2024-04")
    assert codigo == 1 and salida.splitlines()[-1] == "  informe estado --periodo 2024-04 --todas"
    monkeypatch.setenv("INFORME_DATOS", str(tmp_path / "no-existe"))
    codigo, _, error = correr("estado", "-p", "2024-04")
    assert codigo == 2 and "no existe la carpeta de datos" in error


def test_el_acuse_de_un_periodo_mal_escrito_da_el_del_periodo_y_las_fechas_con_su_mes(correr, datos, tmp_path):
    """El ejemplo del acuse es el periodo que se recibe (no un «2024-05» fijo), y el rango de una fecha
    fuera del periodo va con el mes en letra («del 24 de marzo al 23 de abril de 2024»)."""
    archivo = escribir(tmp_path / "c" / "oaxaca.yaml", "entidad: Oaxaca\nperiodo: abril\n")
    tarde = escribir(tmp_path / "c" / "colima.yaml", "entidad: Colima\nperiodo: 2024-04\nreuniones:\n"
                                                     "  - fecha: 2024-05-02\n    modalidad: virtual\n")
    assert correr("recibir", archivo.parent, "-p", "2024-04", "-d", datos)[0] == 1
    acuses = {a.name.split("-")[2]: a.read_text(encoding="utf-8") for a in (datos / "2024-04" / "acuses").glob("*.txt")}
    oaxaca, colima = " ".join(acuses["OAX"].split()), " ".join(acuses["COL"].split())
    assert "Qué hacer: Escriba «periodo: 2024-04», como viene en la plantilla (oaxaca-2024-04.yaml)." in oaxaca
    assert "2024-05" not in oaxaca
    assert "2024-05-02 es posterior al corte del periodo 2024-04 (del 24 de marzo al 23 de abril de 2024)" in colima
    assert tarde.is_file()


def test_la_orden_de_un_reenvio_pendiente_se_pega_aunque_la_carpeta_tenga_espacios(correr, datos, tmp_path,
                                                                                    monkeypatch):
    """`estado` da la orden que registra un reenvío pendiente con la ruta entre comillas: pegada en la
    terminal, «mis datos» es un solo argumento."""
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.chdir(tmp_path)
    shutil.move(datos, tmp_path / "mis datos")
    datos = Path("mis datos")
    ruta = _editar(_plantilla(correr, datos, tmp_path / "pl"), NUEVO_ACUERDO)
    assert correr("recibir", ruta, "-p", "2024-04", "-d", datos)[0] == 0
    _editar(ruta, ("  - descripcion: Nuevo acuerdo de abril.\n    estatus: Planeación\n", ""))
    assert correr("recibir", ruta, "-p", "2024-04", "-d", datos)[0] == 1
    codigo, salida, _ = correr("estado", "-p", "2024-04", "-d", datos)
    # más larga que 80 columnas: va sin sangría, en su renglón, y la terminal la parte sin cambiarla
    orden = "informe recibir 'mis datos/2024-04/pendientes/COL.yaml' -p 2024-04 --datos 'mis datos' --reemplazar"
    assert orden in salida.splitlines(), salida
