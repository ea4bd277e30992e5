"""Las órdenes son de su familia: el núcleo registra las genéricas y cada familia del registro agrega las
suyas y sus opciones en las genéricas (la parte `Ordenes.registrar`); ningún módulo del núcleo importa una familia."""

from __future__ import annotations

import ast
import sys
import types
from pathlib import Path
from typing import Annotated

import pytest
import typer

from conftest import DEMO, RAIZ


def _familia_falsa():
    """Una familia mínima con una orden propia (`saludar`) y una opción propia en `diff` (`--umbral`)."""
    from informe.cli_comun import ampliar, consola, fallar_uso
    from informe.familias import Comparacion, Familia, Archivos, Ordenes

    def saludar(nombre: Annotated[str, typer.Option("--nombre", help="A quién.")] = "mundo") -> None:
        """Saluda (orden de la familia falsa)."""
        consola().print(f"hola, {nombre}", markup=False)

    def opciones_de_diff(umbral: Annotated[int, typer.Option("--umbral", metavar="N", help="Umbral falso.",
                                                             show_default=False)] = 1) -> dict:
        if umbral < 0:
            fallar_uso("--umbral no puede ser negativo")
        return {"umbral": umbral}

    def registrar(app) -> None:
        app.command(options_metavar="[OPCIONES]")(saludar)
        ampliar(app, "diff", "falsa")(opciones_de_diff)

    def comparar(familia, datos, datos_desde, desde, hasta, cargas, entidades, **opciones) -> dict:
        return {"desde": desde, "hasta": hasta, "opciones": opciones}

    def terminal(resultado, consola) -> None:
        consola.print(f"{resultado['desde']}→{resultado['hasta']} {resultado['opciones']}", markup=False)

    partes = types.ModuleType("familia_falsa.partes")
    partes.registrar, partes.comparar, partes.terminal = registrar, comparar, terminal
    partes.archivos = lambda datos, periodo: []
    return partes, lambda: Familia("falsa", "Familia de prueba", paquete="familia_falsa",
                                   archivos=Archivos(archivos_de_periodo="partes:archivos"),
                                   comparacion=Comparacion(comparar="partes:comparar", terminal="partes:terminal"),
                                   ordenes=Ordenes(registrar="partes:registrar"))


@pytest.fixture
def correr_con_falsa(monkeypatch):
    from typer.testing import CliRunner

    from informe import familias
    from informe.cli import crear_app

    partes, declarar = _familia_falsa()
    paquete = types.ModuleType("familia_falsa")
    monkeypatch.setitem(sys.modules, "familia_falsa", paquete)
    monkeypatch.setitem(sys.modules, "familia_falsa.partes", partes)
    paquete.FAMILIA = declarar()
    monkeypatch.setitem(familias.REGISTRO, "falsa", "familia_falsa")
    app = crear_app()

    def correr(*args):
        r = CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "80"})
        if r.exception and not isinstance(r.exception, SystemExit):
            raise r.exception
        return r.exit_code, r.stdout, r.stderr

    return correr


def test_una_familia_agrega_una_orden_y_una_opcion(correr_con_falsa, tmp_path):
    codigo, salida, _ = correr_con_falsa("--help")
    assert codigo == 0
    assert "saludar" in salida and "Saluda (orden de la familia falsa)." in salida
    assert "recibir" in salida  # las de las familias reales siguen ahí
    assert correr_con_falsa("saludar", "--nombre", "Colima")[1] == "hola, Colima\n"

    codigo, salida, _ = correr_con_falsa("diff", "--help")
    assert codigo == 0
    ayuda = salida.splitlines()
    falsa = next(i for i, linea in enumerate(ayuda) if "Opciones de la familia falsa" in linea)
    assert "--umbral" in ayuda[falsa + 1] and "Umbral falso." in ayuda[falsa + 1]
    assert any("Opciones de la familia seguridad" in linea for linea in ayuda)  # --sin-avance, --todos

    datos = tmp_path / "datos"
    for p in ("2024-01", "2024-02"):
        (datos / p).mkdir(parents=True)
    (datos / "proceso.yaml").write_text("familia: falsa\nnombre: Falso\ninstitucion: INE\narea: DEOE\n", encoding="utf-8")
    # la opción llega a Familia.comparar como argumento con nombre, ya interpretada
    codigo, salida, _ = correr_con_falsa("diff", "--desde", "2024-01", "--hasta", "2024-02", "-d", datos,
                                         "--umbral", "7")
    assert (codigo, salida) == (0, "2024-01→2024-02 {'umbral': 7}\n")
    # y la familia valida su propia opción
    codigo, _, error = correr_con_falsa("diff", "--desde", "2024-01", "--hasta", "2024-02", "-d", datos,
                                        "--umbral", "-1")
    assert codigo == 2 and "--umbral no puede ser negativo" in error
    # una opción de otra familia no se ignora en silencio
    codigo, _, error = correr_con_falsa("diff", "--desde", "2024-01", "--hasta", "2024-02", "-d", datos,
                                        "--sin-avance", "2")
    assert codigo == 2
    assert "--sin-avance es una opción de la familia «seguridad» y los datos son de la familia «falsa»" in \
        " ".join(error.split())


def test_la_opcion_de_una_familia_no_vale_en_datos_de_otra(correr_con_falsa):
    codigo, _, error = correr_con_falsa("diff", "--desde", "2024-01", "--hasta", "2024-02", "-d", DEMO,
                                        "--umbral", "3")
    assert codigo == 2
    assert "--umbral es una opción de la familia «falsa» y los datos son de la familia «seguridad»" in \
        " ".join(error.split())


def test_ordenes_de_cada_familia_en_la_ayuda(correr):
    """Las órdenes que el núcleo registra y las que agrega la familia de seguridad, en ese orden."""
    _, salida, _ = correr("--help")
    ordenes = [linea.split()[1] for linea in salida.splitlines() if linea.startswith("│ ") and "  " in linea[2:]]
    assert ordenes[-12:] == ["validar", "resumen", "compilar", "vista", "diff", "importar",
                             "esquema", "plantilla", "recibir", "estado", "acuerdos", "periodo"]


def _familias_importadas(fuente: str, familias: set[str]) -> list[tuple[int, str]]:
    """(línea, familia) de cada importación de un paquete de `familias` en un módulo de informe/ (nivel 1)."""
    hallados = []
    for nodo in ast.walk(ast.parse(fuente)):
        if isinstance(nodo, ast.ImportFrom):
            base = (nodo.module or "") if nodo.level == 0 else "informe." + (nodo.module or "")
            nombres = [base.split(".")[1] if base.startswith("informe.") and base != "informe." else ""]
            if base in ("informe", "informe."):
                nombres += [a.name for a in nodo.names]
        elif isinstance(nodo, ast.Import):
            nombres = [a.name.split(".")[1] for a in nodo.names if a.name.startswith("informe.")]
        else:
            continue
        hallados += [(nodo.lineno, n) for n in nombres if n in familias]
    return hallados


def test_ningun_modulo_del_nucleo_importa_una_familia():
    """El núcleo (informe/*.py) conoce las familias solo por su nombre en familias.REGISTRO."""
    from informe.familias import REGISTRO

    # la medida misma puede fallar: ve cada forma de importar una familia
    muestra = ("from .seguridad.esquema import esquema_jle\nfrom . import vmre\nimport informe.seguridad\n"
               "from informe.vmre import FAMILIA\nfrom . import almacen\nfrom .familias import familia\n")
    assert _familias_importadas(muestra, {"seguridad", "vmre"}) == [(1, "seguridad"), (2, "vmre"), (3, "seguridad"),
                                                                   (4, "vmre")]
    familias = {m.removeprefix("informe.") for m in REGISTRO.values() if m.startswith("informe.")}
    assert familias >= {"seguridad", "vmre"}
    for ruta in sorted((RAIZ / "informe").glob("*.py")):
        assert not _familias_importadas(ruta.read_text(encoding="utf-8"), familias), ruta.name
