"""Agregar una familia toca el núcleo en una línea, la de `familias.REGISTRO`: la familia de
tests/fixtures/casillas (sus partes en `__init__.py`; un CSV por mes, una regla, su plantilla, su resumen y
su diff; cuente sus líneas) se registra aquí con esa sola línea y, con lo que el núcleo da por omisión,
valida sus celdas, su regla y sus textos, compila a Markdown, responde `resumen` y `diff` en JSON y
documenta sus códigos y su regla en docs/validacion.md sin que nadie escriba su sección.

Registrarla comprueba sus partes: un gancho retirado (el `validar()` de antes), una parte desconocida, una
figura que no es `figuras.Figura` o unas reglas que no son un `reglas.Registro` son un error que lo dice,
no un «0 errores» en silencio ni un traceback en `compilar`."""

from __future__ import annotations

import json

import pytest
from conftest import RAIZ, escribir, leer_md

from informe import familias

PROCESO = "familia: casillas\nnombre: Proceso Electoral Local 2025\ninstitucion: Instituto Nacional Electoral\narea: DEOE\n"
MAYO = "ENTIDAD,APROBADAS,INSTALADAS\nColima,900,880\nNayarit,1500,1490\nTOTAL,2400,2370\n"
JUNIO = "ENTIDAD,APROBADAS,INSTALADAS\nColima,900,898\nNayarit,1500,1500\nTOTAL,2400,2398\n"


@pytest.fixture
def datos(monkeypatch, tmp_path):
    monkeypatch.syspath_prepend(str(RAIZ / "tests" / "fixtures"))
    monkeypatch.setitem(familias.REGISTRO, "casillas", "casillas")  # la línea del registro: nada más del núcleo
    carpeta = tmp_path / "datos"
    escribir(carpeta / "proceso.yaml", PROCESO)
    escribir(carpeta / "2025-05" / "casillas.csv", MAYO)
    escribir(carpeta / "2025-06" / "casillas.csv", JUNIO)
    escribir(carpeta / "2025-06" / "textos" / "presentacion.md", "Cifras de {{ r.filas | length }} entidades.\n")
    return carpeta


def test_la_familia_nueva_valida_compila_resume_y_compara(datos, tmp_path, correr, correr_json):
    codigo, validado = correr_json("validar", datos, "--formato", "json")
    assert codigo == 0 and validado["problemas"] == []

    codigo, _, _ = correr("compilar", "--datos", datos, "--periodo", "junio 2025", "--formato", "md",
                          "--salida", tmp_path / "salida")
    assert codigo == 0
    md = leer_md(tmp_path / "salida" / "informe-2025-06.md")
    assert md.startswith("# Casillas instaladas en 2025-06\n")
    assert "Instituto Nacional Electoral · Proceso Electoral Local 2025" in md
    assert "Cifras de 2 entidades." in md and "se instalaron 2,398 casillas" in md
    assert "| Nayarit" in md and "1,500" in md

    codigo, salida, _ = correr("resumen", "--datos", datos, "--periodo", "2025-06")
    assert codigo == 0 and '"instaladas": 2398' in salida  # en la terminal, sin pieza propia: sus cifras
    codigo, resumen = correr_json("resumen", "--datos", datos, "--periodo", "2025-06", "--formato", "json")
    assert codigo == 0
    assert resumen == {"periodo": "2025-06", "inicio": "2025-06-01", "fin": "2025-06-30", "instaladas": 2398,
                       "filas": [["Colima", 900, 898], ["Nayarit", 1500, 1500]]}

    codigo, diferencias = correr_json("diff", "--datos", datos, "--desde", "2025-05", "--hasta", "2025-06",
                                      "--formato", "json")
    assert codigo == 0
    assert diferencias["filas"] == [{"entidad": "Colima", "antes": 880, "ahora": 898, "cambio": 18},
                                    {"entidad": "Nayarit", "antes": 1490, "ahora": 1500, "cambio": 10}]
    codigo, salida, _ = correr("diff", "--datos", datos, "--desde", "2025-05", "--hasta", "2025-06", "--formato", "md")
    assert codigo == 0 and salida == "- Colima: +18\n- Nayarit: +10\n"
    codigo, salida, _ = correr("diff", "--datos", datos, "--desde", "2025-05", "--hasta", "2025-06")
    assert codigo == 0 and "- Colima: +18" in salida  # en la terminal, sin pieza propia: su Markdown
    codigo, _, error = correr("diff", "--datos", datos, "--desde", "2025-05", "--hasta", "2025-06", "--formato", "csv")
    assert codigo == 2 and "no escribe el diff en CSV" in error


def test_la_familia_nueva_atrapa_una_celda_un_archivo_y_un_texto(datos, correr_json):
    escribir(datos / "2025-06" / "casillas.csv", JUNIO.replace("Nayarit,1500,1500", "Nayarit,1500,mil"))
    escribir(datos / "2025-06" / "notas.csv", "x\n")
    escribir(datos / "2025-06" / "textos" / "presentacion.md", "Cifras de {{ r.filas | length.\n")
    escribir(datos / "2025-06" / "textos" / "cierre.md", "Sin ranura.\n")
    codigo, validado = correr_json("validar", datos, "--formato", "json")
    assert codigo == 1
    hallados = {(p["codigo"], p["archivo"].rsplit("/", 1)[-1], p["linea"]) for p in validado["problemas"]}
    assert ("tabla-tipo", "casillas.csv", 3) in hallados  # la celda, con su línea
    assert ("archivo-desconocido", "notas.csv", None) in hallados  # nada se ignora en silencio
    assert {"texto-plantilla", "texto-ranura"} <= {c for c, _, _ in hallados}  # los textos, validados por el núcleo


def test_la_regla_de_la_familia_nueva_corre_y_se_documenta(datos, correr_json):
    from informe.doc_validacion import RUTA, generar

    escribir(datos / "2025-06" / "casillas.csv", JUNIO.replace("Colima,900,898", "Colima,900,911")
             .replace("2400,2398", "2400,2411"))
    codigo, validado = correr_json("validar", datos, "--formato", "json")
    assert codigo == 1
    assert [(p["codigo"], p["linea"], p["columna"], p["mensaje"]) for p in validado["problemas"]] == [
        ("casillas-excede", 2, 12, "Colima instaló 911 casillas de 900 aprobadas.")]
    doc = generar(RUTA.read_text(encoding="utf-8"))  # su sección, con sus marcas, la pone el generador
    seccion = doc[doc.index("## Familia casillas"):]
    assert "| `casillas-excede` | error |" in seccion
    assert "| `instaladas-no-exceden` | `casillas-excede` (error) | Una entidad no instala más" in seccion


def _casillas_con(monkeypatch, **partes):
    """La familia de casillas declarada otra vez con `partes` cambiadas (o agregadas)."""
    import casillas

    declaracion = {"codigos": {}, "archivos": familias.Archivos(tablas={"casillas": casillas.CASILLAS}),
                   "informe": familias.Informe(preparar="informe:preparar", plantillas=RAIZ / "tests" / "fixtures"
                                               / "casillas", ranuras="informe:RANURAS")}
    monkeypatch.setattr(casillas, "FAMILIA", familias.Familia("casillas", "Casillas", paquete="casillas",
                                                              **{**declaracion, **partes}))


def test_un_gancho_retirado_es_un_error_al_registrar_con_su_reemplazo(datos, monkeypatch, correr):
    import casillas

    class Vieja(familias.Familia):  # la forma de antes: un método `validar()` que ya nadie llama
        def validar(self, contexto):
            return []

    monkeypatch.setattr(casillas, "FAMILIA", Vieja("casillas", paquete="casillas"))
    with pytest.raises(familias.FamiliaInvalida) as error:
        familias.familia("casillas")
    assert str(error.value) == (
        "la familia casillas no cumple el contrato (docs/familias.md): el método «validar» ya no es un gancho "
        "de una familia: use reglas=\"reglas:REGLAS\" (un reglas.Registro: cada regla, una función con "
        "@REGLAS.regla)")
    codigo, _, mensaje = correr("validar", datos)  # sin traceback: un error de uso, con el mismo mensaje
    assert codigo == 2 and "el método «validar» ya no es un gancho" in " ".join(mensaje.split())

    _casillas_con(monkeypatch, piezas={"reglas": "reglas:REGLAS"}, graficas="graficas:FIGURAS")
    with pytest.raises(familias.FamiliaInvalida) as error:
        familias.familia("casillas")
    assert "«piezas» ya no es parte de una familia: use las partes archivos, reglas, informe" in str(error.value)
    assert "«graficas» no es parte de una familia; las partes son: codigos, archivos, reglas, informe, " \
           "comparacion, ordenes" in str(error.value)

    _casillas_con(monkeypatch, comparacion=familias.Comparacion(comparar="informe.comparar"),
                  reglas="no_existe:REGLAS")
    with pytest.raises(familias.FamiliaInvalida) as error:
        familias.familia("casillas")
    assert "comparacion.comparar = «informe.comparar» no tiene la forma «módulo:nombre»" in str(error.value)
    assert "reglas = «no_existe:REGLAS»: no hay un módulo «no_existe» en casillas" in str(error.value)


def test_una_figura_o_unas_reglas_mal_formadas_son_un_error_y_no_un_traceback(datos, monkeypatch, tmp_path, correr):
    import casillas
    import casillas.informe as calculo

    monkeypatch.setattr(calculo, "FIGURAS", {"barras": ("dibujar", "datos")}, raising=False)
    _casillas_con(monkeypatch, informe=familias.Informe(preparar="informe:preparar", figuras="informe:FIGURAS",
                                                        ranuras="informe:RANURAS",
                                                        plantillas=RAIZ / "tests" / "fixtures" / "casillas"))
    with pytest.raises(familias.FamiliaInvalida, match="la figura «barras» es tuple; debe ser figuras.Figura"):
        familias.familia("casillas")  # al registrarla, antes de cargar nada
    codigo, _, mensaje = correr("compilar", "--datos", datos, "--periodo", "2025-06", "--formato", "md",
                                "--salida", tmp_path / "salida")
    assert codigo == 2 and "la figura «barras» es tuple" in " ".join(mensaje.split())
    assert "Traceback" not in mensaje

    monkeypatch.setattr(calculo, "REGLAS", [lambda contexto: []], raising=False)
    _casillas_con(monkeypatch, reglas="informe:REGLAS")
    with pytest.raises(familias.FamiliaInvalida, match="sus reglas deben ser un reglas.Registro, no list"):
        familias.familia("casillas")
    codigo, _, mensaje = correr("validar", datos)
    assert codigo == 2 and "sus reglas deben ser un reglas.Registro" in " ".join(mensaje.split())

    # un nombre que su módulo no define: el error lo dice, no un AttributeError
    _casillas_con(monkeypatch, reglas="informe:NO_HAY")
    with pytest.raises(familias.FamiliaInvalida) as error:
        familias.familia("casillas")
    assert str(error.value) == ("la familia casillas: reglas = «informe:NO_HAY»: el módulo casillas.informe no "
                                "define «NO_HAY»")
    codigo, _, mensaje = correr("validar", datos)
    assert codigo == 2 and "no define «NO_HAY»" in " ".join(mensaje.split()) and "Traceback" not in mensaje


def test_una_familia_invalida_no_rompe_el_arranque(monkeypatch):
    """`informe --help` y las demás familias siguen; la orden que use sus datos dice por qué (arriba)."""
    from typer.testing import CliRunner

    from informe.cli import crear_app
    from informe.figuras import Figura

    assert familias.FORMA_DE_FIGURA == Figura._fields  # la comprobación por forma sigue a la clase
    monkeypatch.syspath_prepend(str(RAIZ / "tests" / "fixtures"))
    monkeypatch.setitem(familias.REGISTRO, "casillas", "casillas")
    import casillas

    monkeypatch.setattr(casillas, "FAMILIA", familias.Familia("casillas", paquete="casillas", piezas={}))
    r = CliRunner().invoke(crear_app(), ["--help"], env={"COLUMNS": "80"})
    assert r.exit_code == 0 and "recibir" in r.stdout
