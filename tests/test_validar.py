"""`informe validar`: cada problema con su código y su línea."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from informe.validar import validar
from conftest import DEMO, INVALIDOS, PERIODO_ABRIL, PERIODO_MAYO, escribir

ESPERA = re.compile(r"^# espera: (\S+) en la línea (\d+)$", re.M)


def _problemas(*rutas: Path, datos: Path | None = None):
    return validar(list(rutas), datos).problemas


def _codigos(problemas) -> list[tuple[str, int | None]]:
    return [(p.codigo, p.linea) for p in problemas]


@pytest.mark.parametrize("archivo", sorted(INVALIDOS.glob("*.yaml")), ids=lambda p: p.name)
def test_cada_invalido_produce_su_problema(archivo: Path):
    codigo, linea = ESPERA.search(archivo.read_text(encoding="utf-8")).groups()
    problemas = _problemas(archivo, datos=DEMO)
    assert (codigo, int(linea)) in _codigos(problemas)
    # y ningún otro error: cada ejemplo muestra un solo defecto
    otros = [p for p in problemas if p.severidad == "error" and p.codigo != codigo]
    assert otros == []


def test_los_invalidos_estan_documentados():
    readme = (INVALIDOS / "README.md").read_text(encoding="utf-8")
    for archivo in INVALIDOS.glob("*.yaml"):
        assert f"`{archivo.name}`" in readme


def test_la_demo_es_valida():
    resultado = validar([DEMO], DEMO)
    assert resultado.errores == 0
    assert len(resultado.archivos) == 1 + 3 * (2 + 32)
    assert {p.codigo for p in resultado.problemas} == {"estatus-faltante"}


def test_sugerencia_de_clave_y_de_estatus(tmp_path):
    f = escribir(tmp_path / "x.yaml", "entidad: Colima\nperiodo: 2024-05\nacuerdos:\n"
                                      "  - descripcion: A\n    estatus: en proseso\n    fehca: 2024-05-01\n")
    problemas = {p.codigo: p for p in _problemas(f)}
    assert problemas["estatus-desconocido"].sugerencia == "¿Quiso decir «En proceso»?"
    assert problemas["estatus-desconocido"].linea == 5
    assert problemas["clave-desconocida"].sugerencia == "¿Quiso decir «fecha»?"
    assert problemas["clave-desconocida"].linea == 6


def test_todos_los_problemas_de_un_archivo(tmp_path):
    f = escribir(tmp_path / "x.yaml", "entidad: Colima\nperiodo: 2024-05\nreuniones:\n"
                                      "  - fecha: 2024-13-01\n    modalidad: remota\n    asistentes: -1\n"
                                      "acuerdos:\n  - descripcion: ''\n")
    assert _codigos(_problemas(f)) == [
        ("periodo-desconocido", 2), ("fecha-invalida", 4), ("modalidad-desconocida", 5),
        ("asistentes-invalido", 6), ("estatus-faltante", 8), ("descripcion-vacia", 8),
    ]


@pytest.mark.parametrize("contenido, codigo, linea", [
    (b"", "archivo-vacio", 1),
    (b"# solo un comentario\n", "archivo-vacio", 1),
    ("entidad: Michoacán\n".encode("latin-1"), "archivo-codificacion", 1),
    (b"entidad: BC\nperiodo: \x00\x01\x02", "archivo-binario", 2),
    (bytes(range(128, 256)) * 50, "archivo-codificacion", 1),
    (b"entidad: BC\n\x07periodo: 2024-05\n", "yaml-sintaxis", 2),
    (b"a: " + b"[" * 5000 + b"]" * 5000, "yaml-anidamiento", 1),
    (b"entidad: BC\nperiodo: 2024-05\nacuerdos:\n  - descripcion: " + b"x" * 3_000_000 + b"\n", "texto-largo", 4),
    (b"entidad: !!python/object/new:os.system [ls]\nperiodo: 2024-05\n", "yaml-etiqueta", 1),
    (b"entidad: !Entidad BC\nperiodo: 2024-05\n", "yaml-etiqueta", 1),
    (b"entidad: BC\nperiodo: 2024-05\nacuerdos: !!set {a, b}\n", "yaml-etiqueta", 3),
])
def test_archivos_hostiles(tmp_path, contenido, codigo, linea):
    f = escribir(tmp_path / "hostil.yaml", contenido)
    assert (codigo, linea) in _codigos(_problemas(f))


def test_bomba_de_alias_no_se_expande(tmp_path):
    niveles = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 10):
        niveles.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    f = escribir(tmp_path / "bomba.yaml", "\n".join(niveles) + "\n")  # 9^10 nodos si se expandiera
    assert [p.codigo for p in _problemas(f)] == ["yaml-alias"]


def test_bom_y_crlf_se_leen_normalmente(tmp_path):
    f = escribir(tmp_path / "2024-05" / "jle" / "bc.yaml",
                 "\ufeffentidad: Baja California\r\nperiodo: 2024-05\r\nacuerdos:\r\n"
                 "  - descripcion: Uno\r\n    estatus: Concluido\r\n".encode("utf-8"))
    escribir(tmp_path / "2024-05" / "periodo.yaml", PERIODO_MAYO)
    resultado = validar([f], tmp_path)
    assert resultado.problemas == []
    informe = resultado.cargas[0].registro
    assert informe.entidad == "BC" and informe.acuerdos[0].descripcion == "Uno"


def test_yaml_1_1_no_cambia_datos(tmp_path):
    f = escribir(tmp_path / "x.yaml", "entidad: Colima\nperiodo: 2024-05\nacuerdos:\n"
                                      "  - descripcion: yes\n    estatus: Concluido\n"
                                      "  - descripcion: 10:30\n    estatus: Concluido\n")
    carga = validar([f]).cargas[0]
    assert [a.descripcion for a in carga.registro.acuerdos] == ["yes", "10:30"]


def test_entidad_por_alias_acentos_y_forma_unicode(tmp_path):
    import unicodedata

    for i, nombre in enumerate(["CDMX", "Estado de México", "Coahuila de Zaragoza", "michoacan de ocampo",
                                "VERACRUZ DE IGNACIO DE LA LLAVE", unicodedata.normalize("NFD", "Querétaro"),
                                "Nuevo Leon"]):
        f = escribir(tmp_path / f"{i}.yaml", f"entidad: {nombre}\nperiodo: 2024-05\n")
        assert validar([f]).cargas[0].registro is not None, nombre
    registro = validar([escribir(tmp_path / "m.yaml", "entidad: Edo. de México\nperiodo: 2024-05\n")]).cargas[0].registro
    assert registro.entidad == "MEX"


def _historia(tmp_path: Path) -> Path:
    datos = tmp_path / "datos"
    escribir(datos / "2024-04" / "periodo.yaml", PERIODO_ABRIL)
    escribir(datos / "2024-05" / "periodo.yaml", PERIODO_MAYO)
    escribir(datos / "2024-04" / "jle" / "bc.yaml",
             "entidad: Baja California\nperiodo: 2024-04\nacuerdos:\n"
             "  - id: BC-2024-04-001\n    descripcion: Uno\n    estatus: Concluido\n"
             "  - id: BC-2024-04-002\n    descripcion: Dos\n    estatus: Planeación\n")
    return datos


def test_seguimiento_contra_la_historia(tmp_path):
    datos = _historia(tmp_path)
    f = escribir(datos / "2024-05" / "jle" / "bc.yaml",
                 "entidad: Baja California\nperiodo: 2024-05\nseguimiento:\n"
                 "  - acuerdo: BC-2024-04-001\n    estatus: En proceso\n"
                 "  - acuerdo: BC-2024-04-002\n    estatus: Concluido\n"
                 "  - acuerdo: BC-2024-04-009\n    estatus: Concluido\n"
                 "  - acuerdo: SON-2024-04-001\n    estatus: Concluido\n"
                 "  - acuerdo: BC-2024-04-002\n    estatus: Concluido\n")
    problemas = _problemas(f, datos=datos)
    assert _codigos(problemas) == [("estatus-retroceso", 4), ("seguimiento-desconocido", 8),
                                   ("seguimiento-otra-entidad", 10), ("seguimiento-duplicado", 12)]
    assert problemas[0].severidad == "advertencia"
    assert "«Concluido»" in problemas[0].mensaje


def test_periodo_distinto_y_entidad_duplicada(tmp_path):
    datos = _historia(tmp_path)
    a = escribir(datos / "2024-05" / "jle" / "son.yaml", "entidad: Sonora\nperiodo: 2024-04\n")
    b = escribir(datos / "2024-05" / "jle" / "bc.yaml", "entidad: Baja California\nperiodo: 2024-05\n")
    c = escribir(datos / "2024-05" / "jle" / "baja.yaml", "periodo: 2024-05\nentidad: BC\n")
    problemas = _problemas(a, b, c, datos=datos)
    assert ("periodo-distinto", 2) in _codigos(problemas)
    dup = [p for p in problemas if p.codigo == "entidad-duplicada"]
    assert len(dup) == 1 and dup[0].linea == 2 and "bc.yaml" in dup[0].mensaje


def test_fechas_contra_el_periodo(tmp_path):
    datos = _historia(tmp_path)
    f = escribir(datos / "2024-05" / "jle" / "bc.yaml",
                 "entidad: BC\nperiodo: 2024-05\nmesa:\n  instalada: 2024-06-01\nreuniones:\n"
                 "  - fecha: 2024-05-22\n    modalidad: virtual\n"
                 "  - fecha: 2024-04-20\n    modalidad: virtual\n"
                 "  - fecha: 2024-05-21\n    modalidad: virtual\n")
    problemas = _problemas(f, datos=datos)
    assert _codigos(problemas) == [("fecha-posterior", 4), ("fecha-posterior", 6), ("fecha-anterior", 8)]
    assert "(del 24 de abril al 21 de mayo de 2024)" in problemas[1].mensaje  # el mes con letra, sin orden que adivinar


def test_ids_estables_al_reordenar_y_editar(tmp_path):
    base = "entidad: BC\nperiodo: 2024-05\nacuerdos:\n"
    a = "  - id: BC-2024-05-001\n    descripcion: Uno\n    estatus: Concluido\n"
    b = "  - id: BC-2024-05-002\n    descripcion: Dos\n    estatus: Concluido\n"
    b_editado = b.replace("Dos", "Dos, con el texto corregido")
    nuevo = "  - descripcion: Tres\n    estatus: Planeación\n"
    antes = validar([escribir(tmp_path / "1.yaml", base + a + b)]).cargas[0].registro
    despues = validar([escribir(tmp_path / "2.yaml", base + nuevo + b_editado + a)]).cargas[0].registro
    ids_antes = {x.descripcion[:3]: x.id for x in antes.acuerdos}
    ids_despues = {x.descripcion[:3]: x.id for x in despues.acuerdos}
    assert ids_despues["Uno"] == ids_antes["Uno"] == "BC-2024-05-001"
    assert ids_despues["Dos"] == ids_antes["Dos"] == "BC-2024-05-002"
    assert ids_despues["Tre"] == "BC-2024-05-003"


def test_periodo_y_federal(tmp_path):
    p = escribir(tmp_path / "2024-06" / "periodo.yaml", "numero: 31\ninicio: 2024-06-30\nfin: 2024-05-01\nultimo: si\n")
    f = escribir(tmp_path / "2024-06" / "federal.yaml",
                 "reuniones:\n  - fecha: 2024-05-14\n    nombre: Décima\n  - fecha: 2024-05-07\n    nombre: Novena\n"
                 "solicitudes:\n  recibidas: 310\n  sspc: 293\n  opl: 16\n")
    codigos = _codigos(_problemas(p, f))
    assert ("numero-invalido", 1) in codigos and ("tipo-invalido", 4) in codigos
    assert ("fecha-desordenada", 4) in codigos and ("solicitudes-no-cuadran", 7) in codigos


def test_alias_del_proceso(tmp_path):
    datos = tmp_path / "datos"
    escribir(datos / "proceso.yaml", "nombre: P\ninstitucion: INE\narea: DEOE\ncatalogos:\n"
                                     "  entidades:\n    Mexiquense: Estado de México\n"
                                     "  estatus:\n    Terminado: Concluido\n    Cumplido: Inexistente\n")
    f = escribir(datos / "2024-05" / "jle" / "mex.yaml",
                 "entidad: Mexiquense\nperiodo: 2024-05\nacuerdos:\n  - descripcion: Uno\n    estatus: terminado\n")
    resultado = validar([datos], datos)
    assert _codigos(resultado.problemas) == [("periodo-desconocido", 2), ("estatus-desconocido", 9)]
    informe = next(c.registro for c in resultado.cargas if c.tipo == "jle")
    assert informe.entidad == "MEX" and informe.acuerdos[0].estatus == "Concluido"
    # sin el proceso, los alias no existen
    assert ("entidad-desconocida", 1) in _codigos(validar([f], None).problemas)


def test_alias_de_dos_carpetas_no_se_pisan(tmp_path):
    """Los alias son de cada carpeta (un valor que se pasa), no estado global: leer la segunda carpeta no
    cambia lo que se lee de la primera, ni en la caché ni fuera de ella."""
    from informe.seguridad.almacen import cargar_datos

    jle = "entidad: Norte\nperiodo: 2024-05\nacuerdos:\n  - descripcion: Uno\n    estatus: listo\n"
    for nombre, entidad, estatus in (("a", "Baja California", "Concluido"), ("b", "Nuevo León", "En proceso")):
        escribir(tmp_path / nombre / "proceso.yaml", "nombre: P\ninstitucion: INE\narea: DEOE\ncatalogos:\n"
                 f"  entidades:\n    Norte: {entidad}\n  estatus:\n    Listo: {estatus}\n")
        escribir(tmp_path / nombre / "2024-05" / "jle" / "norte.yaml", jle)
    for _ in range(2):  # la segunda vuelta sale de la caché
        leidos = {n: cargar_datos(tmp_path / n).periodos["2024-05"].jle for n in ("a", "b", "a")}
        assert [(i.entidad, i.acuerdos[0].estatus) for i in leidos["a"].values()] == [("BC", "Concluido")]
        assert [(i.entidad, i.acuerdos[0].estatus) for i in leidos["b"].values()] == [("NL", "En proceso")]
    assert ("entidad-desconocida", 1) in _codigos(validar([tmp_path / "a" / "2024-05" / "jle" / "norte.yaml"]).problemas)


@pytest.mark.parametrize("contenido, linea", [
    ("entidad: Colima\nperiodo: 2024-05\nacuerdos:\n" + "- " * 25_000 + "x\n", 4),  # 50 KB de guiones
    ("entidad: Colima\nperiodo: 2024-05\nacuerdos: " + "[" * 30_000 + "\n", 3),
    ("entidad: Colima\nperiodo: 2024-05\nacuerdos:\n" + "".join(" " * i + "- \n" for i in range(3000)), 35),
])
def test_anidamiento_profundo_no_tumba_el_proceso(tmp_path, contenido, linea):
    """libyaml compone con recursión: la profundidad se acota antes, por eventos, sin componer."""
    import subprocess
    import sys

    ruta = escribir(tmp_path / "hondo.yaml", contenido)
    r = subprocess.run([sys.executable, "-m", "informe", "validar", str(ruta), "--formato", "json"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1, r.stderr  # ni segfault (-11) ni traceback
    import json

    problemas = json.loads(r.stdout)["problemas"]
    assert [(p["codigo"], p["linea"]) for p in problemas] == [("yaml-anidamiento", linea)]


def test_corchetes_en_comillas_y_comentarios_no_son_anidamiento(tmp_path):
    ruta = escribir(tmp_path / "col.yaml", "entidad: Colima\nperiodo: 2024-05\nacuerdos:\n  - descripcion: '"
                    + "[" * 100 + "'\n    estatus: Concluido\n# " + "{" * 100 + "\n")
    resultado = validar([ruta])
    assert [p.codigo for p in resultado.problemas if p.codigo == "yaml-anidamiento"] == []


def test_archivo_hostil_pequeno_resume_sus_problemas(tmp_path):
    """60 000 claves desconocidas: se listan 100 y una línea dice cuántas más hay (antes: 28 s y 60 000 sugerencias)."""
    lineas = ["entidad: Colima", "periodo: 2024-05"] + [f"clave_rara_{i}: x" for i in range(60_000)]
    ruta = escribir(tmp_path / "col.yaml", "\n".join(lineas) + "\n")
    problemas = validar([ruta]).problemas
    desconocidas = [p for p in problemas if p.codigo == "clave-desconocida"]
    assert len(desconocidas) == 101
    assert desconocidas[0].linea is None and desconocidas[0].mensaje == (
        "… y 59,900 problemas más del mismo tipo en este archivo.")
    assert [p.linea for p in desconocidas[1:4]] == [3, 4, 5]


def test_entero_de_miles_de_cifras(tmp_path):
    ruta = escribir(tmp_path / "col.yaml", "entidad: Colima\nperiodo: 2024-05\nreuniones:\n  - fecha: 2024-05-02\n"
                                           f"    asistentes: {'9' * 5000}\n")
    problemas = validar([ruta]).problemas
    assert [(p.codigo, p.linea) for p in problemas if p.severidad == "error"] == [("asistentes-invalido", 5)]


def test_tras_un_error_de_sintaxis_se_reporta_el_resto(tmp_path):
    """Un solo viaje de correo: el error de sintaxis no esconde los demás problemas del archivo."""
    f = escribir(tmp_path / "x.yaml", 'entidad: Colima\nperiodo: 2024-02\nacuerdos:\n  - descripcion: "Abierta\n'
                                      "    estatus: Listo\nreuniones:\n  - fecha: 2024-02-30\n    modalidad: remota\n"
                                      "medidas:\n  - descripcion: x\n    estatus: Termiando\n")
    problemas = _problemas(f)
    assert [(p.codigo, p.linea) for p in problemas] == [
        ("yaml-sintaxis", 4), ("fecha-invalida", 7), ("modalidad-desconocida", 8), ("estatus-desconocido", 11)]
    # lo que se quitó para seguir leyendo (el bloque «acuerdos») no se reporta como faltante ni se guarda
    assert not any(p.codigo == "campo-requerido" for p in problemas)


def test_error_de_sintaxis_en_entidad_no_inventa_un_faltante(tmp_path):
    f = escribir(tmp_path / "x.yaml", "entidad: [Colima\nperiodo: 2024-02\nacuerdos:\n  - descripcion: Uno.\n"
                                      "    estatus: Listo\n")
    assert [(p.codigo, p.linea) for p in _problemas(f)] == [("yaml-sintaxis", 2), ("estatus-desconocido", 5)]


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=30))
def test_normalizar_ascii_rapido_igual_al_general(texto):
    """La vía rápida para ASCII (sin NFKD letra por letra) da la misma clave que la general."""
    import unicodedata

    from informe.seguridad.catalogos import normalizar

    descompuesto = unicodedata.normalize("NFKD", texto)
    general = " ".join("".join(c for c in descompuesto if not unicodedata.combining(c)).casefold().replace(".", " ").split())
    assert normalizar(texto) == general


def test_el_ejemplo_de_un_periodo_mal_escrito_es_el_de_su_carpeta(tmp_path):
    datos = _historia(tmp_path)
    f = escribir(datos / "2024-05" / "jle" / "bc.yaml", "entidad: BC\nperiodo: mayo\n")
    [p] = [p for p in _problemas(f, datos=datos) if p.codigo == "periodo-invalido"]
    assert p.linea == 2 and p.sugerencia == "Escriba el mes en que se presenta el informe, como 2024-05."
    g = escribir(datos / "2024-04" / "jle" / "bc.yaml", "entidad: BC\nperiodo: abril\n")
    [p] = [p for p in _problemas(g, datos=datos) if p.codigo == "periodo-invalido"]
    assert p.sugerencia.endswith("como 2024-04.")  # no un mes fijo, que quedaría fuera del periodo
