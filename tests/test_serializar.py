"""El serializador de YAML: cualquier texto vuelve idéntico (propiedad con hypothesis)."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from informe.yaml_seguro import componer
from informe.seguridad.modelo import Acuerdo, InformeJLE, Medida
from informe.seguridad.serializar import _comentario, _q, yaml_jle

HOSTILES = ["\x7f", "\x85", "\u2028", "\u2029", "\ufffe", "\uffff", "\ufeff", "\x1b[31m", "\x00", "\t", "\r\n",
            "\x9b", "'", '"', "\\", "#", ": ", "- ", "{}", "[]", "&a", "*a", "!x", "%YAML", "---", "..."]
texto = st.lists(st.one_of(st.characters(codec="utf-8"), st.sampled_from(HOSTILES)), max_size=120).map("".join)


@settings(max_examples=400, deadline=None)
@given(texto)
def test_cadena_yaml_vuelve_identica(x):
    nodo, problemas = componer(f"clave: {_q(x)}\n", "prueba.yaml")
    assert problemas == []
    assert nodo.value[0][1].value == x


@settings(max_examples=150, deadline=None)
@given(texto, texto)
def test_comentarios_nunca_rompen_el_archivo(comentario, x):
    nodo, problemas = componer(_comentario(comentario, "") + f"clave: {_q(x)}\n", "prueba.yaml")
    assert problemas == [] and nodo.value[0][1].value == x


@settings(max_examples=150, deadline=None)
@given(st.lists(texto.map(str.strip).filter(bool), min_size=1, max_size=4))
def test_archivo_de_jle_vuelve_identico(textos):
    from informe.lector import Lector
    from informe.seguridad.lectura import leer_jle

    informe = InformeJLE("x.yaml", "COL", "2024-05", acuerdos_reportados=True,
                         acuerdos=[Acuerdo(f"COL-2024-05-{i:03d}", t, "Concluido", date(2024, 5, 2), 0)
                                   for i, t in enumerate(textos, 1)],
                         medidas=[Medida(t, None, 0) for t in textos])
    nodo, problemas = componer(yaml_jle(informe, encabezado="Recibido de «a\x85b\x7f.yaml»"), "x.yaml")
    assert problemas == []
    leido = leer_jle(nodo, Lector("x.yaml"))
    assert [a.descripcion for a in leido.acuerdos] == textos
    assert [m.descripcion for m in leido.medidas] == textos
