"""La forma del código de informe/, medida del AST (tests/estructura.py): sin ciclos de importación
(tampoco dentro de funciones), ninguna función de más de 60 líneas ni de complejidad mayor que 15, y los
nombres con guion bajo dentro de su módulo.

`DEUDA_*` es lo que había al medir por primera vez (issue 25) y aún no se arregla. Solo puede encogerse:
un caso nuevo falla, y un caso de la lista que ya se arregló también falla (hay que borrarlo de la lista).
"""

from __future__ import annotations

import estructura

LINEAS, COMPLEJIDAD = 60, 15

DEUDA_CICLOS: set[frozenset[str]] = set()

DEUDA_FUNCIONES: set[tuple[str, str]] = {
    ('informe.seguridad.agregar', 'agregar_anteriores'),
    ('informe.seguridad.agregar', 'agregar_reuniones'),
    ('informe.seguridad.agregar', 'resumir'),
    ('informe.seguridad.apartados', 'calcular'),
    ('informe.seguridad.diferencias', 'comparar'),
    ('informe.seguridad.lectura', 'leer_jle'),
    ('informe.seguridad.lectura_periodo', '_leer_publicado'),
    ('informe.seguridad.lectura_periodo', 'leer_periodo'),
    ('informe.seguridad.reglas', '_revisar_publicado'),
    ('informe.seguridad.reglas', '_revisar_respuestas'),
    ('informe.seguridad.reglas', 'revisar'),
    ('informe.vmre.lectura', 'leer_corte'),
    ('informe.vmre.reglas', 'revisar'),
    ('informe.vmre.reglas', 'revisar_paises'),
}

DEUDA_NOMBRES: set[tuple[str, str]] = {
    ('informe.seguridad.formato', 'informe.seguridad.catalogos._ALIAS_ESTATUS'),
    ('informe.seguridad.formato', 'informe.seguridad.catalogos._ALIAS_MODALIDAD'),
    ('informe.seguridad.formato', 'informe.seguridad.catalogos._ALIAS_TEMA'),
    ('informe.seguridad.lectura_periodo', 'informe.seguridad.lectura._catalogos'),
    ('informe.seguridad.lectura_periodo', 'informe.seguridad.lectura._leer_lista'),
}


def _comparar(hallado: set, deuda: set, que: str) -> None:
    nuevos, arreglados = hallado - deuda, deuda - hallado
    assert not nuevos, f"{que} nuevos: {sorted(nuevos)}"
    assert not arreglados, f"{que} ya arreglados: bórrelos de la deuda en tests/test_estructura.py: {sorted(arreglados)}"


def test_sin_ciclos_de_importacion():
    _comparar({frozenset(c) for c in estructura.ciclos()}, DEUDA_CICLOS, "ciclos de importación")


def test_funciones_cortas_y_simples():
    largas = {(f.modulo, f.nombre) for f in estructura.funciones()
              if f.lineas > LINEAS or f.complejidad > COMPLEJIDAD}
    _comparar(largas, DEUDA_FUNCIONES, f"funciones de más de {LINEAS} líneas o complejidad mayor que {COMPLEJIDAD}")


def test_nombres_privados_en_su_modulo():
    _comparar({(a, b) for a, b, _ in estructura.nombres_ajenos()}, DEUDA_NOMBRES, "nombres privados usados desde otro módulo")


def test_la_medida_ve_un_ciclo_dentro_de_una_funcion(tmp_path):
    # la medida misma puede fallar: un ciclo que solo existe por una importación perezosa se ve
    (tmp_path / "informe").mkdir()
    (tmp_path / "informe" / "__init__.py").write_text("")
    (tmp_path / "informe" / "a.py").write_text("from . import b\n")
    (tmp_path / "informe" / "b.py").write_text("def f():\n    from .a import g\n    return g\n")
    (tmp_path / "informe" / "c.py").write_text("def _h():\n    pass\n")
    (tmp_path / "informe" / "d.py").write_text("from . import c\nc._h()\nfrom .c import _h\n"
                                               "def f(x):\n" + "".join(f"    if x == {i}:\n        return {i}\n" for i in range(16)))
    assert estructura.ciclos(tmp_path) == [["informe.a", "informe.b"]]
    assert ("informe.d", "informe.c._h") in {(a, b) for a, b, _ in estructura.nombres_ajenos(tmp_path)}
    f = next(f for f in estructura.funciones(tmp_path) if f.modulo == "informe.d")
    assert (f.lineas, f.complejidad) == (33, 17)
