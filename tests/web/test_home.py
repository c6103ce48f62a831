from django.urls import reverse

from tests.factories import PublicBodyFactory


def test_home_page_states_the_maklumat_pelayanan(client, body):
    response = client.get(reverse("home"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Maklumat pelayanan informasi publik" in page
    assert "paling lambat 10 hari kerja" in page and "Pasal 22 ayat (7)" in page
    assert "paling lama 7 hari kerja" in page and "Pasal 22 ayat (8)" in page
    assert "salinan elektronik tidak dikenai biaya (Pasal 21)" in page
    assert "atasan PPID paling lambat 30 hari kerja" in page and "Komisi Informasi" in page


def test_home_page_lists_the_bodies_with_a_link_to_their_form(client, body):
    other = PublicBodyFactory(name="Pemerintah Kota Serang", slug="kota-serang")
    page = client.get(reverse("home")).content.decode()
    for public_body in (body, other):
        assert public_body.name in page
        assert reverse("request_create", kwargs={"body_slug": public_body.slug}) in page


def test_pages_are_in_bahasa_indonesia_by_default(client, body):
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="id">' in page
    assert "Ajukan permohonan" in page and "Lacak permohonan" in page
    assert 'href="#main"' in page and "Langsung ke konten utama" in page


def test_language_switch_sets_english(client, body):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="en">' in client.get(reverse("home")).content.decode()


def test_body_chooser_goes_straight_to_the_form_when_there_is_one_body(client, body):
    response = client.get(reverse("request_choose_body"))
    assert response.status_code == 302
    assert response["Location"] == reverse("request_create", kwargs={"body_slug": body.slug})


def test_body_chooser_lists_every_body_when_there_are_several(client, body):
    other = PublicBodyFactory(name="Pemerintah Kota Serang", slug="kota-serang")
    response = client.get(reverse("request_choose_body"))
    page = response.content.decode()
    assert response.status_code == 200
    assert body.name in page and other.name in page


def test_unknown_body_slug_is_not_found(client, body):
    response = client.get(reverse("request_create", kwargs={"body_slug": "tidak-ada"}))
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()
