"""La forma del código de informe/, medida del AST (tests/estructura.py): sin ciclos de importación
(tampoco dentro de funciones), ninguna función de más de 60 líneas ni de complejidad mayor que 15, y los
nombres con guion bajo dentro de su módulo.

Al medir por primera vez (issue 25) había 7 ciclos (29 módulos), 50 funciones fuera de los límites y 45
nombres privados usados desde otro módulo; la lista de esa deuda solo podía encogerse y se vació. Ahora
cada caso es un fallo, con su módulo y su línea.
"""

from __future__ import annotations

import estructura

LINEAS, COMPLEJIDAD = 60, 15


def test_sin_ciclos_de_importacion():
    assert estructura.ciclos() == []


def test_funciones_cortas_y_simples():
    largas = [f"{f.modulo}:{f.linea} {f.nombre} ({f.lineas} líneas, complejidad {f.complejidad})"
              for f in estructura.funciones() if f.lineas > LINEAS or f.complejidad > COMPLEJIDAD]
    assert largas == [], f"parta por lo que hacen estas funciones (hasta {LINEAS} líneas y complejidad {COMPLEJIDAD})"


def test_nombres_privados_en_su_modulo():
    assert estructura.nombres_ajenos() == [], "un nombre con _ que otro módulo usa es público: quítele el _"


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


def test_una_familia_no_importa_otra():
    # lo común a dos familias es del núcleo (p. ej. mostrar.celda_segura, que escriben los CSV de las dos)
    from informe.familias import REGISTRO

    paquetes = {ruta: nombre for nombre, ruta in REGISTRO.items()}

    def familia_de(modulo: str) -> str | None:
        return next((n for p, n in paquetes.items() if modulo == p or modulo.startswith(p + ".")), None)

    cruzadas = [f"{m} importa {d} (línea {linea})"
                for m, destinos in estructura.importaciones(estructura.modulos()).items()
                for d, linea in destinos.items() if familia_de(m) and familia_de(d) not in (None, familia_de(m))]
    assert cruzadas == []
