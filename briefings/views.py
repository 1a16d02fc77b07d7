from django.views.generic import DetailView, ListView, TemplateView

from .models import Briefing, Claim


class HomeView(TemplateView):
    template_name = "home.html"


class BriefingListView(ListView):
    model = Briefing


class BriefingDetailView(DetailView):
    model = Briefing


class TopicListView(TemplateView):
    template_name = "briefings/topic_list.html"


class TopicDetailView(TemplateView):
    template_name = "briefings/topic_detail.html"


class ClaimListView(ListView):
    model = Claim


class ClaimDetailView(DetailView):
    model = Claim
