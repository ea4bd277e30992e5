"""La caché de archivos interpretados: por huella de contenido, en SQLite, sin pickle.

Mismo resultado que sin ella; una edición del mismo tamaño con la fecha restaurada se ve; basura,
enlaces y bases ajenas no la rompen ni ejecutan nada; dos procesos a la vez no se estorban.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

from informe import cache
from informe.seguridad.almacen import cargar_archivo
from conftest import DEMO, RAIZ, escribir


def _filas(carpeta) -> int:
    with sqlite3.connect(carpeta / cache.BASE) as c:
        return c.execute("SELECT count(*) FROM cargas").fetchone()[0]


def test_devuelve_lo_mismo_con_el_nombre_de_cada_llamada(tmp_path, cache_propia):
    ruta = escribir(tmp_path / "2024-05" / "jle" / "col.yaml",
                    "entidad: Colima\nperiodo: 2024-05\nacuerdos:\n  - descripcion: Uno\n    estatus: Terminado\n")
    primera = cargar_archivo(ruta, "a.yaml")
    assert _filas(cache_propia) == 1
    segunda = cargar_archivo(ruta, "b.yaml")  # desde la caché, con el nombre de esta llamada
    assert [(p.codigo, p.linea) for p in segunda.problemas] == [(p.codigo, p.linea) for p in primera.problemas]
    assert {p.archivo for p in segunda.problemas} == {"b.yaml"} and segunda.registro.archivo == "b.yaml"


def test_mismo_tamano_y_fecha_restaurada_se_ve(tmp_path, cache_propia):
    """`touch -r`, `cp -p`, `rsync -t`: mismo tamaño, misma fecha, otro contenido → otra huella."""
    ruta = escribir(tmp_path / "2024-05" / "jle" / "col.yaml",
                    "entidad: Colima\nperiodo: 2024-05\nacuerdos:\n  - descripcion: Uno\n    estatus: Planeación\n")
    antes = os.stat(ruta)
    assert cargar_archivo(ruta).registro.acuerdos[0].estatus == "Planeación"
    texto = ruta.read_text(encoding="utf-8").replace("Planeación", "Concluido  ")  # mismos bytes de largo
    assert len(texto.encode()) == antes.st_size
    ruta.write_text(texto, encoding="utf-8")
    os.utime(ruta, ns=(antes.st_atime_ns, antes.st_mtime_ns))
    assert os.stat(ruta).st_size == antes.st_size and os.stat(ruta).st_mtime_ns == antes.st_mtime_ns
    assert cargar_archivo(ruta).registro.acuerdos[0].estatus == "Concluido"


def test_basura_en_la_cache_se_reconstruye_sin_traceback(tmp_path, cache_propia):
    ruta = escribir(tmp_path / "x.yaml", "entidad: Colima\nperiodo: 2024-05\n")
    cargar_archivo(ruta)
    with sqlite3.connect(cache_propia / cache.BASE) as c:  # valores que no son cargas
        import hashlib

        huella = lambda v: hashlib.blake2b(v, digest_size=32).hexdigest()  # noqa: E731
        estructuras = [e.encode() for e in (
            "basura", "[]", '["c","Carga",[1]]', '["c","Popen",[]]', "7", '["m",[[1]]]', "[" * 100_000,
            '["c","Carga",["x","jle",["J",1,2,3,null,null,[[1]],true,[],null,["m",[]]],["l",[]]]]')]
        # sin huella válida (basura, truncado, texto en vez de bytes) y con huella válida pero estructura
        # ajena: siempre se relee
        casos = [(e.decode(), "0" * 64) for e in estructuras] + [(e, "0" * 64) for e in estructuras] \
            + [(e, huella(e)) for e in estructuras]
        for valor, firma in casos:
            c.execute("UPDATE cargas SET valor = ?, huella = ?", (valor, firma))
            c.commit()
            cache.reiniciar()
            assert cargar_archivo(ruta).registro.entidad == "COL"
    cache.reiniciar()
    (cache_propia / cache.BASE).write_bytes(b"esto no es SQLite" * 100)  # la base entera es basura
    for sufijo in ("-wal", "-shm"):
        (cache_propia / (cache.BASE + sufijo)).unlink(missing_ok=True)
    assert cargar_archivo(ruta).registro.entidad == "COL"
    assert cargar_archivo(ruta).registro.entidad == "COL" and _filas(cache_propia) == 1  # se creó de nuevo


def test_un_pickle_plantado_no_se_ejecuta(tmp_path, cache_propia):
    """La caché anterior era pickle: un archivo plantado ahí (o en la base) nunca se deserializa."""
    import pickle

    marca = tmp_path / "ejecutado"

    class Trampa:
        def __reduce__(self):
            return (open, (str(marca), "w"))

    carga = pickle.dumps(Trampa())
    ruta = escribir(tmp_path / "x.yaml", "entidad: Colima\nperiodo: 2024-05\n")
    cargar_archivo(ruta)
    for sub in ("00", "ab"):
        escribir(cache_propia / sub / f"{'ab' * 20}.pickle", carga)
    with sqlite3.connect(cache_propia / cache.BASE) as c:
        import hashlib

        c.execute("UPDATE cargas SET valor = ?, huella = ?", (carga, hashlib.blake2b(carga, digest_size=32).hexdigest()))
    cache.reiniciar()
    r = subprocess.run([sys.executable, "-m", "informe", "validar", str(ruta)], capture_output=True, text=True,
                       env={**os.environ, "INFORME_CACHE": str(cache_propia)})
    assert r.returncode == 0, r.stderr
    assert not marca.exists()
    assert "pickle" not in (RAIZ / "informe" / "cache.py").read_text(encoding="utf-8").split('"""', 2)[2]


def test_enlaces_simbolicos_desactivan_la_cache(tmp_path, monkeypatch):
    destino = tmp_path / "ajeno.sqlite3"
    destino.write_bytes(b"")
    carpeta = tmp_path / "cache"
    carpeta.mkdir()
    (carpeta / cache.BASE).symlink_to(destino)
    monkeypatch.setenv("INFORME_CACHE", str(carpeta))
    cache.reiniciar()
    try:
        ruta = escribir(tmp_path / "x.yaml", "entidad: Colima\nperiodo: 2024-05\n")
        assert cargar_archivo(ruta).registro.entidad == "COL"
        assert destino.read_bytes() == b""  # no se escribió a través del enlace
        enlace = tmp_path / "enlace"
        enlace.symlink_to(tmp_path / "otra", target_is_directory=True)
        monkeypatch.setenv("INFORME_CACHE", str(enlace))
        cache.reiniciar()
        assert cargar_archivo(ruta).registro.entidad == "COL" and not (tmp_path / "otra").exists()
    finally:
        monkeypatch.undo()
        cache.reiniciar()


def test_carpeta_privada_y_nombres_no_utf8(tmp_path, cache_propia):
    nombre = os.fsdecode(b"col\xff.yaml")
    ruta = escribir(tmp_path / "2024-05" / "jle" / nombre, "entidad: Colima\nperiodo: 2024-05\n")
    assert cargar_archivo(ruta).registro.entidad == "COL"
    assert cargar_archivo(ruta).registro.entidad == "COL"
    assert (os.stat(cache_propia).st_mode & 0o777) == 0o700
    assert (os.stat(cache_propia / cache.BASE).st_mode & 0o077) == 0


def test_dos_procesos_llenan_la_cache_a_la_vez(tmp_path):
    carpeta = tmp_path / "cache"
    entorno = {**os.environ, "INFORME_CACHE": str(carpeta)}
    orden = [sys.executable, "-m", "informe", "validar", str(DEMO), "--datos", str(DEMO), "--formato", "json"]
    procesos = [subprocess.Popen(orden, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=entorno) for _ in range(3)]
    salidas = [p.communicate(timeout=120) for p in procesos]
    assert [p.returncode for p in procesos] == [0, 0, 0], [s[1] for s in salidas]
    assert len({s[0] for s in salidas}) == 1
    sin_cache = subprocess.run(orden, capture_output=True, env={**os.environ, "INFORME_CACHE": "0"})
    assert sin_cache.stdout == salidas[0][0]
    assert _filas(carpeta) == 1 + 3 * (2 + 32)


def test_borrar_la_cache_no_cambia_ningun_byte(tmp_path):
    carpeta = tmp_path / "cache"
    salidas = []
    for caso in ("fria", "tibia", "sin"):
        entorno = {**os.environ, "INFORME_CACHE": "0" if caso == "sin" else str(carpeta)}
        destino = tmp_path / caso
        r = subprocess.run([sys.executable, "-m", "informe", "compilar", "-p", "2024-03", "-d", str(DEMO), "-o",
                            str(destino), "-f", "md"], capture_output=True, env=entorno)
        assert r.returncode == 0, r.stderr
        resumen = subprocess.run([sys.executable, "-m", "informe", "resumen", "-p", "2024-03", "-d", str(DEMO),
                                  "-f", "json"], capture_output=True, env=entorno).stdout
        salidas.append(((destino / "informe-2024-03.md").read_bytes(), resumen))
    assert salidas[0] == salidas[1] == salidas[2]


def test_figuras_ya_dibujadas_no_se_vuelven_a_dibujar(tmp_path, cache_propia, monkeypatch):
    """La segunda compilación con los mismos datos toma los PNG de la caché (sin matplotlib) y da los
    mismos bytes; un PNG alterado en la caché se descarta y se vuelve a dibujar."""
    from informe import compilar as modulo

    primera = modulo.compilar(DEMO, "2024-03", tmp_path / "a", ("docx",))
    assert primera.escritos
    llamadas = []
    monkeypatch.setattr(modulo, "_en_otro_proceso", lambda *a: llamadas.append(a) or (_ for _ in ()).throw(
        AssertionError("no debía dibujar")))
    modulo.compilar(DEMO, "2024-03", tmp_path / "b", ("docx",))
    assert llamadas == []
    for nombre in ("imagen1.png", "grafica1.png", "grafica2.png", "grafica3.png"):
        a = (tmp_path / "a" / "graficas-2024-03" / nombre).read_bytes()
        assert a == (tmp_path / "b" / "graficas-2024-03" / nombre).read_bytes()
    assert (tmp_path / "a" / "informe-2024-03.docx").read_bytes() == (tmp_path / "b" / "informe-2024-03.docx").read_bytes()
    with sqlite3.connect(cache_propia / cache.BASE) as c:
        c.execute("UPDATE figuras SET valor = ? WHERE rowid = 1", (b"\x89PNG no es la figura",))
    cache.reiniciar()
    monkeypatch.undo()
    monkeypatch.setenv("INFORME_CACHE", str(cache_propia))
    modulo.compilar(DEMO, "2024-03", tmp_path / "c", ("docx",))
    assert (tmp_path / "a" / "informe-2024-03.docx").read_bytes() == (tmp_path / "c" / "informe-2024-03.docx").read_bytes()
